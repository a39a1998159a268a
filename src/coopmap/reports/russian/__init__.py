"""Reading reports in Russian: place names in their inflected forms and dates.

Russian inflects names ("в Астане", "из Китая", "Северо-Казахстанской области"), so a name is
looked up in its nominative form, which :mod:`~coopmap.reports.russian.morphology` gets from
pymorphy3 and its dictionary (installed with it; nothing is downloaded). The gazetteer knows
places by their Russian names from GeoNames' alternate names, pycountry's translations and
the ISO 3166-2 data. Resolution is the English reader's (:mod:`coopmap.reports.toponyms`).
"""
