"""The law's calculators, usable on their own in a notebook: procedural délais (CPC 640–642, holidays of
each territory), rate tables (legal interest, ECB, L441-10), amounts (penalties, interest, indemnities,
imputation, capitalisation) and the prescription count (C. civ. 2219 ff.).

They read plain dates, decimals and the data files; nothing here knows a dossier, a rule or an engine.
"""
