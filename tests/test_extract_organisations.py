"""Organisations and people: names with spans, the roles sentences give them, and no places
inside organisation names."""

from __future__ import annotations

import pytest

from coopmap.reports.organisations import find_actors, name_spans
from coopmap.reports.toponyms import find_toponyms
from coopmap.taxonomy import Role

# Written for these tests.
REPORT = (
    "Chinese Premier Li Keqiang held talks with Kazakh Prime Minister Karim Massimov on "
    "Monday. China Railway Group (CRG) will help build the line, and CRG said work starts "
    "soon. The plant was financed by the Industrial and Commercial Bank of China and a loan "
    "from the Export-Import Bank of China, while CITIC will operate it. A new capacity fund "
    "will invest alongside the Silk Road Fund. Officials of the Ministry of Commerce attended "
    "the forum, and Li met President Nursultan Nazarbayev."
)


def _actors(text):
    return {a.text: a for a in find_actors(text)}


def test_organisations_with_spans_and_roles():
    found = _actors(REPORT)
    for actor in found.values():
        assert REPORT[actor.start : actor.end] == actor.text
    assert found["China Railway Group"].kind == "organisation"
    assert found["China Railway Group"].role is Role.CONTRACTOR
    assert found["CRG"].name == "China Railway Group"  # the acronym in brackets, again
    icbc = found["Industrial and Commercial Bank of China"]
    assert (icbc.role, icbc.cue) == (Role.FUNDER, "financed by")
    assert found["Export-Import Bank of China"].role is Role.FUNDER  # "a loan from"
    assert found["CITIC"].name == "CITIC Group"  # curated, data/organisations.csv
    assert found["CITIC"].role is Role.OPERATOR
    assert found["Silk Road Fund"].role is Role.FUNDER  # a fund's own name
    assert found["Ministry of Commerce"].role is Role.PARTICIPANT  # "attended"


def test_people_with_titles_countries_and_later_mentions():
    found = _actors(REPORT)
    li = found["Premier Li Keqiang"]
    assert (li.kind, li.name, li.title, li.country) == ("person", "Li Keqiang", "Premier", "CN")
    assert li.role is Role.PARTICIPANT
    massimov = found["Prime Minister Karim Massimov"]
    assert (massimov.title, massimov.country) == ("Prime Minister", "KZ")
    assert found["Li"].name == "Li Keqiang"
    assert found["President Nursultan Nazarbayev"].name == "Nursultan Nazarbayev"


def test_counterpart_and_lower_case_titles():
    text = "Kazakhstan's prime minister Karim Massimov met his Chinese counterpart Li Keqiang."
    found = _actors(text)
    assert found["Karim Massimov"].title == "prime minister"
    li = found["Li Keqiang"]
    assert (li.title, li.country) == (None, "CN")


def test_a_name_starts_after_what_is_no_part_of_it():
    text = "Staff of China Railway Group and the Bank of China attended. In Port Said, work began."
    names = [text[s:e] for s, e in name_spans(text)]
    assert names == ["China Railway Group", "Bank of China"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Staff of China Railway Group attended.", None),
        ("The Kentucky Department of Education said.", "Kentucky"),  # a body of the place
        ("Leaders met at the Great Hall of the People.", None),  # no town called Hall
        ("A ship from Port of Spain arrived.", "Port of Spain"),
    ],
)
def test_places_inside_names(text, place):
    names = [t.name for t in find_toponyms(text)]
    assert names == ([place] if place else [])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The committee will meet again after the holiday.",
        "She said the group would travel by bank holiday trains.",
    ],
)
def test_texts_without_actors(text):
    assert find_actors(text) == []


def test_to_dict_is_json_ready():
    (actor,) = find_actors("The line will be built by China Railway Group.")
    assert actor.to_dict() == {
        "text": "China Railway Group",
        "start": 26,
        "end": 45,
        "name": "China Railway Group",
        "kind": "organisation",
        "role": "contractor",
        "cue": "built by",
        "title": None,
        "country": None,
    }


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        (
            "The plant belongs to a joint venture of China Power International Holding and "
            "Visor Holding.",
            [("China Power International Holding", "owner"), ("Visor Holding", "owner")],
        ),
        (
            "The refinery is owned by PetroKazakhstan Oil Products.",
            [("PetroKazakhstan Oil Products", "owner")],
        ),
        ("The line was built by PowerChina.", [("PowerChina", "contractor")]),
        (
            "The plants are being built by a consortium led by China Gezhouba Group with the "
            "Argentine firms Electroingeniería and Hidrocuyo.",
            [
                ("China Gezhouba Group", "contractor"),
                ("Electroingeniería", "contractor"),
                ("Hidrocuyo", "contractor"),
            ],
        ),
        (
            "It was financed by the European Bank for Reconstruction and Development, the Asian "
            "Infrastructure Investment Bank and the Green Climate Fund.",
            [
                ("European Bank for Reconstruction and Development", "funder"),
                ("Asian Infrastructure Investment Bank", "funder"),
                ("Green Climate Fund", "funder"),
            ],
        ),
        ("The cost was financed from the National Fund.", [("National Fund", "funder")]),
        (
            "The national railway company Kazakhstan Temir Zholy said so.",
            [("Kazakhstan Temir Zholy", None)],
        ),
    ],
)
def test_roles_in_lists_and_names_known_by_their_context(text, roles):
    actors = [(a.name, a.role.value if a.role else None) for a in find_actors(text)]
    assert actors == roles


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        (
            "The EPC contractor is China Energy Engineering Corporation.",
            [("China Energy Engineering Corporation", "contractor")],
        ),
        ("The developer, Acwa Power, will sell the power.", [("Acwa Power", "owner")]),
        ("The Asian Development Bank is the lead lender.", [("Asian Development Bank", "funder")]),
        (
            "The road will be built by China Road and Bridge Corporation.",
            [("China Road and Bridge Corporation", "contractor")],
        ),
        ("Sinohydro, a unit of PowerChina, will build the dam.", [("Sinohydro", "contractor")]),
        # a sentence's first word is no company for a verb after it
        ("Kazakhstan will build a railway.", []),
        ("Construction will finance nothing.", []),
    ],
)
def test_roles_from_role_nouns_and_names_that_open_a_sentence(text, roles):
    actors = [(a.name, a.role.value if a.role else None) for a in find_actors(text)]
    assert actors == roles


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        (
            "The ministry awarded PowerChina the contract for the dam.",
            [("PowerChina", "contractor")],
        ),
        ("Siemens Energy will supply the turbines.", [("Siemens Energy", "contractor")]),
        (
            "The Export-Import Bank of China provided a 500 million dollar loan.",
            [("Export-Import Bank of China", "funder")],
        ),
    ],
)
def test_suppliers_awarded_contracts_and_loans_provided(text, roles):
    assert [(a.name, a.role.value if a.role else None) for a in find_actors(text)] == roles


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        (
            "The line, which it built together with China Railway Group, opened in May.",
            [("China Railway Group", "contractor")],
        ),
        (
            "The contract for the northern section went to Sinohydro Corporation.",
            [("Sinohydro Corporation", "contractor")],
        ),
        (
            "Financing was arranged by the Asian Development Bank, which lent half the cost.",
            [("Asian Development Bank", "funder")],
        ),
        # a relative clause gives a part in a project, never one in an event; the words
        # before the name give it one too
        (
            "It was built by Kazakh Invest Group, which holds 60 percent of the operator.",
            [("Kazakh Invest Group", "owner"), ("Kazakh Invest Group", "contractor")],
        ),
        # "X and Y" are two names when Y is one of its own, or X has an inner capital
        (
            "The pipeline belongs to a joint venture of KazTransGas and CNPC.",
            [("KazTransGas", "owner"), ("China National Petroleum Corporation", "owner")],
        ),
        # a company named for what it runs
        ("The stretch is owned by Asian Gas Pipeline.", [("Asian Gas Pipeline", "owner")]),
    ],
)
def test_roles_in_relative_clauses_contracts_that_went_to_and_whole_names(text, roles):
    assert [(a.name, a.role.value if a.role else None) for a in find_actors(text)] == roles


def test_a_name_ends_at_the_end_of_its_line():
    text = "PRESS RELEASE\n\nBeta Energy Group connects a plant to the grid"
    assert [a.name for a in find_actors(text)] == ["Beta Energy Group"]


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # written for this test
        (
            "The line was built by a consortium of China Railway Group and Norinco.",
            {"China Railway Group": "contractor", "Norinco": "contractor"},
        ),
        (
            "Since 2020 the metro has been run since October by a joint venture of "
            "Guangzhou Metro and Norinco.",
            {"Guangzhou Metro": "operator", "Norinco": "operator"},
        ),
        (
            "The plant is owned by a joint venture of Samruk-Energy and China Power.",
            {"Samruk-Energy": "owner", "China Power": "owner"},
        ),
    ],
)
def test_a_role_reaches_the_members_of_a_group_it_names(text, roles):
    found = {a.name: a.role.value for a in find_actors(text) if a.role is not None}
    assert found == roles


def test_a_country_possessive_before_a_name_passes_the_role_on():
    # written for this test
    found = {
        a.name: a.role.value
        for a in find_actors(
            "The park is a joint venture of China's Tsingshan Holding Group and the "
            "Indonesian firm Bintang Delapan."
        )
        if a.role is not None
    }
    assert found == {"Tsingshan Holding Group": "owner", "Bintang Delapan": "owner"}


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # written for this test: the ways a lender's release names who pays
        (
            "The Board of the Asian Development Bank today approved a loan of USD200 million "
            "for the line.",
            {"Asian Development Bank": "funder"},
        ),
        (
            "The road is co-financed with the World Bank and the United Kingdom's Department "
            "for International Development.",
            {"World Bank": "funder", "Department for International Development": "funder"},
        ),
        (
            "The Government of Kenya will provide the remaining USD80 million.",
            {"Government of Kenya": "funder"},
        ),
        (
            "China Development Bank led a group of lenders that also included Bank of China.",
            {"Bank of China": "funder"},
        ),
        (
            "The dam will be owned and carried out by the Water and Power Development Authority.",
            {"Water and Power Development Authority": "owner"},
        ),
        (
            "The station is operated and maintained by Kinari Hydro Works.",
            {"Kinari Hydro Works": "operator"},
        ),
    ],
)
def test_roles_in_a_lenders_words(text, roles):
    found = {a.name: a.role.value for a in find_actors(text) if a.role is not None}
    assert found == roles


def _roles_in_order(text):
    return [(a.name, a.role.value) for a in find_actors(text) if a.role is not None]


def test_a_short_name_again_and_a_list_of_verbs_give_every_role():
    # written for this test
    found = _roles_in_order(
        "On Friday the Ministry of Energy and China Datang Corporation signed a deal. "
        "Datang will finance, build and own the farm."
    )
    assert found == [
        ("Ministry of Energy", "participant"),
        ("China Datang Corporation", "participant"),
        ("China Datang Corporation", "funder"),
        ("China Datang Corporation", "contractor"),
        ("China Datang Corporation", "owner"),
    ]


def test_a_sponsor_and_the_company_named_again():
    # written for this test
    found = _roles_in_order(
        "The plant is owned by Dasu Power Company, which was set up by Three Gorges South "
        "Asia Investment. The bank lent the rest. The company will operate the plant."
    )
    assert found == [
        ("Dasu Power Company", "owner"),
        ("Three Gorges South Asia Investment", "owner"),
        ("Dasu Power Company", "operator"),
    ]
    # with no company named before, "the company" is nobody in particular
    assert find_actors("The company will operate the plant.") == []


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # written for this test
        (
            "The tollway will be run by the newly created Ile Toll Roads Enterprise.",
            {"Ile Toll Roads Enterprise": "operator"},
        ),
        (
            "The loan paid for most of the bridge, and the Government of Serbia covered the rest.",
            {"Government of Serbia": "funder"},
        ),
        (
            "The plant is owned by a joint venture of PowerChina's overseas arm, PowerChina "
            "Resources, and the local firm Tajik Energy Group.",
            {"PowerChina Resources": "owner", "Tajik Energy Group": "owner"},
        ),
        (
            "The park was developed by Tsingshan together with Xinhai Nickel and Ruipu Group.",
            {"Tsingshan": "owner", "Xinhai Nickel": "owner", "Ruipu Group": "owner"},
        ),
        (
            "A cell factory is planned by Gotion with the state-owned Kazakh Battery Company.",
            {"Gotion": "owner", "Kazakh Battery Company": "owner"},
        ),
    ],
)
def test_roles_past_describing_words_possessives_and_two_names_joined(text, roles):
    found = {a.name: a.role.value for a in find_actors(text) if a.role is not None}
    assert found == roles


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # written for this test
        (
            "With financing arranged by Halyk Bank, the depot went up in a year.",
            {"Halyk Bank": [["funder"]]},
        ),
        (
            "The owner is a joint venture in which Orda Glass holds 60 per cent.",
            {"Orda Glass": [["owner"]]},
        ),
        (
            "The plant is owned by the state company Kazakh Power Plants, which operates it.",
            {"Kazakh Power Plants": [["operator", "owner"]]},
        ),
    ],
)
def test_financing_arranged_a_stake_held_and_two_parts_of_one_company(text, roles):
    found: dict[str, list[str]] = {}
    for actor in find_actors(text):
        if actor.role is not None:
            found.setdefault(actor.name, []).append(actor.role.value)
    assert {name: [sorted(r)] for name, r in found.items()} == roles


def test_two_verbs_before_by_give_both_roles_and_a_loan_agreement_a_funder():
    # written for this test
    assert _roles_in_order("The depot is owned and operated by Kazakh Temir Zholy.") == [
        ("Kazakh Temir Zholy", "owner"),
        ("Kazakh Temir Zholy", "operator"),
    ]
    assert _roles_in_order("The bridge was financed and built by Sinohydro Corporation.") == [
        ("Sinohydro Corporation", "funder"),
        ("Sinohydro Corporation", "contractor"),
    ]
    assert _roles_in_order("A loan agreement with the Asian Development Bank was signed.") == [
        ("Asian Development Bank", "funder")
    ]


def test_a_time_between_the_verb_and_by_and_more_ways_to_build():
    # written for this test
    assert _roles_in_order("The line was built in under two years by Sinohydro Corporation.") == [
        ("Sinohydro Corporation", "contractor")
    ]
    assert _roles_in_order("The tunnel was dug by China Railway Tunnel Group.") == [
        ("China Railway Tunnel Group", "contractor")
    ]


def test_two_verbs_with_an_auxiliary_between_give_both_roles():
    # written for this test
    assert _roles_in_order("It was built and will be run by Sinohydro Corporation.") == [
        ("Sinohydro Corporation", "contractor"),
        ("Sinohydro Corporation", "operator"),
    ]
    # a spaced dash after a kicker ends a name
    assert [a.name for a in find_actors("KENYA - China Gezhouba Group builds the dam.")] == [
        "China Gezhouba Group"
    ]


def test_a_company_finishing_a_project_is_its_contractor():
    # written for this test
    from coopmap.reports.organisations import find_actors

    actors = find_actors("Dongfang Electric is finishing the 120 MW Aysha II wind farm.")
    assert [(a.name, a.role.value) for a in actors if a.role] == [
        ("Dongfang Electric", "contractor")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The dam was built by China International Water & Electric Corporation.",
        "The dam was built by China International Water and Electric Corporation.",
    ],
)
def test_and_or_an_ampersand_inside_one_company_name(text):
    # written for this test
    from coopmap.reports.organisations import find_actors

    assert [a.name for a in find_actors(text)] == [text[21:-1]]
