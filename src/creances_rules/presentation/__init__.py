"""What a lawyer reads: the text and HTML renderings, the SVG timeline, « pourquoi / pourquoi pas »,
dated Légifrance links, letter drafts. Each reads an assessment and registers itself on it.
"""
