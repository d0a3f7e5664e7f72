"""What goes in and what comes out, as pydantic models: the dossier (`dossier.Dossier`, loaded from a
dict, YAML or JSON by `loading`, with French errors naming the field) and the assessment
(`assessment.Assessment`: findings, actions, amounts, timeline, trace). The example dossiers too.
"""
