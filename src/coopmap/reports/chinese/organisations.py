"""Organisations and people in a Chinese text, and the organisations' roles in a project.

A name is the run of characters that ends in an organisation's kind ("中国铁路工程集团",
"国家开发银行", "丝路基金", "华为技术有限公司") and begins after a punctuation mark or a
particle ("由", "和", "的"). Its role comes from the verb after it ("承建": contractor;
"提供贷款", "融资", "出资": funder; "运营": operator; "持有", "控股": owner) or, for a fund,
from its kind; names joined by "和" or "、" share one.
"""

from __future__ import annotations

import re

from coopmap.reports.organisations import Actor
from coopmap.taxonomy import Role

__all__ = ["find_actors"]

_KIND = (
    r"(?:集团(?:股份)?(?:有限公司)?|(?:股份)?有限(?:责任)?公司|总公司|公司|开发银行|银行|基金|组织"
    r"|协会|委员会|研究院|大学|港务局|铁路局|公路局|管理局|电力局|能源局|总局|政府)"
)
# a name's characters: no punctuation, no particle that parts two names or a name and a verb
_NAME = re.compile("(?P<name>[\u4e00-\u9fffA-Za-z0-9（）()·\\-－]{1,20}?" + _KIND + ")")
_BOUNDARY = set("，。、；：！？（）《》“”「」 由和与及的将在向从对是被把让据经同跟或并已")
# words that open no name but stand before one ("组建卡西姆港发电有限公司", "所属中国电建集团")
_LEADING = re.compile(
    r"(?:组建|成立|作为|所属|旗下|下属|全资子公司|控股子公司|子公司|本公司|该公司|项目"
    # "项目运营方为X": the role's words ("为" alone may be in a name: "华为")
    r"|(?:投资方|投资人|运营方|运营商|业主|承包方|承包商|股东|项目公司)(?:为|是|包括)?)+"
)
_INVESTS = re.compile(r"投资(?:建设|兴建|开发)$")
_CUT = re.compile(r"来自|其中|包括|通过|获得|向")
#: A verb or preposition in what ends like a name: "有利于公司", "为公司" ("for the company").
_NOT_A_NAME = re.compile(r"(?:为|有利于|对于|给|对|向|把)")
#: Names that refer to a company, not name one.
_REFERRING = frozenset({"本公司", "该公司", "公司", "子公司", "全资子公司", "项目公司", "母公司"})

_PREFIX = r"^(?:将|已|也|正在|负责|共同|分别)*"
_ROLE_AFTER = (
    # "组建X作为项目公司": the project company owns the project
    # "由X投资建设的": who invests in and builds a plant owns it
    (
        Role.OWNER,
        re.compile(
            _PREFIX + r"(?:持有|控股|拥有|共同投资|合资|作为项目公司|投资(?:建设|兴建|开发))"
        ),
    ),
    (Role.CONTRACTOR, re.compile(_PREFIX + r"(?:承建|建设|施工|总承包|修建|建造)")),
    (
        Role.FUNDER,
        re.compile(_PREFIX + r"(?:提供\S{0,4}?(?:贷款|融资|资金)|融资|出资|投资|贷款|注资)"),
    ),
    (Role.OPERATOR, re.compile(_PREFIX + r"(?:运营|经营|管理)")),
)
# between two names of a list, with what the second is ("和卡塔尔王室旗下的")
_LISTED = re.compile(r"^(?:和|与|及|、|以及)(?:[^，。；：、和与及]{1,10}的)?$")

#: Roles from the words before a name ("投资方为", "总承包由", "项目融资由").
_ROLE_BEFORE = (
    (Role.OWNER, re.compile(r"(?:投资方|投资人|业主|股东|项目公司)(?:为|是|包括)$")),
    (Role.OPERATOR, re.compile(r"(?:运营方|运营商|运营单位|运营)(?:为|是|由)$")),
    (Role.CONTRACTOR, re.compile(r"(?:总承包|承包|承建|施工|建设)(?:方|商|单位)?(?:为|是|由)$")),
    (
        Role.FUNDER,
        re.compile(r"(?:融资|贷款|资金|出资)(?:方)?(?:为|是|由)$|(?:资金|贷款)\S{0,4}来自$"),
    ),
)


def find_actors(text: str, /) -> list[Actor]:
    """Return the organisations named in a Chinese ``text``, in order, with their roles."""
    actors: list[Actor] = []
    for match in _NAME.finditer(text):
        start, end = match.span("name")
        # the name starts after the last boundary inside the match ("由中国铁建" is 中国铁建)
        cut = max((i for i in range(start, end) if text[i] in _BOUNDARY), default=start - 1)
        start = cut + 1
        # "其中约九成资金来自中国进出口银行": the name starts after the words that say where from
        start = max((m.end() for m in _CUT.finditer(text, start, end)), default=start)
        if leading := _LEADING.match(text, start, end):
            start = leading.end()
        previous = actors[-1] if actors else None
        if previous is not None and previous.end == start and text[start - 1] not in _BOUNDARY:
            # "中国电建集团海外投资有限公司": one name, not a group and a company
            start = previous.start
            actors.pop()
            previous = actors[-1] if actors else None
        if end - start < 3 or text[start:end] in _REFERRING or _NOT_A_NAME.match(text, start, end):
            continue
        name = text[start:end]
        role, cue = _role(text, end, name)
        if role is None:
            role, cue = _role_before(text, start)
        if role is None and previous is not None and _LISTED.match(text[previous.end : start]):
            role, cue = previous.role, previous.cue
        actors.append(Actor(name, start, end, name, "organisation", role, cue))
        if cue is not None and _INVESTS.search(cue) and "共同" not in cue:
            # "投资建设": who invests in a plant and builds it owns it and pays for it (partners
            # who invest together, "共同投资建设", own it)
            actors.append(Actor(name, start, end, name, "organisation", Role.FUNDER, cue))
    actors += _by_context(text, actors)
    actors += _people(text, actors)
    actors.sort(key=lambda a: a.start)
    # a role said once for a list ("A和B将共同投资") is every listed name's
    for i in range(len(actors) - 2, -1, -1):
        this, nxt = actors[i], actors[i + 1]
        if this.role is None and nxt.role is not None and _LISTED.match(text[this.end : nxt.start]):
            actors[i] = Actor(
                this.text, this.start, this.end, this.name, this.kind, nxt.role, nxt.cue
            )
    return actors


# "由中国铁建承建": a name of no kind, known by the verb of its part after "由"
_BY = re.compile(
    r"由(?P<name>[\u4e00-\u9fff]{3,10}?)(?P<verb>总承包|承建|承担|施工|建设|投资|出资|运营|提供|牵头)"
)


def _by_context(text: str, taken: list[Actor]) -> list[Actor]:
    """Organisations named after "由" with their part's verb after them ("由中国铁建承建")."""
    found = []
    for match in _BY.finditer(text):
        start, end = match.span("name")
        if any(a.start < end and start < a.end for a in taken) or _NOT_A_NAME.match(text, start):
            continue
        if match["name"].endswith(("企业", "方")):
            continue  # "由温州企业投资": firms of a place, which name the place; "由中方"
        role, cue = _role(text, end, match["name"])
        if role is not None:
            found.append(Actor(match["name"], start, end, match["name"], "organisation", role, cue))
    return found


_TITLE = re.compile(r"(?:副总理|总理|国家主席|主席|总统|副总统|外长|部长|大使|秘书长|市长|州长)")
# where a name after a title ends: a verb, a particle or a punctuation mark
_AFTER_NAME = re.compile(
    r"[在同与和、，。；：（）出会表说主宣举发访指将于的是也还并就对向为从共分别率一等]"
)


def _people(text: str, taken: list[Actor]) -> list[Actor]:
    """People named right after a title: two to five characters."""
    people = []
    for title in _TITLE.finditer(text):
        start = title.end()
        if _AFTER_NAME.match(text, start):
            continue  # "副部长在北京会见": no name after the title
        end = start
        while end < len(text) and end - start < 5 and "\u4e00" <= text[end] <= "\u9fff":
            if end - start >= 2 and _AFTER_NAME.match(text, end):
                break
            end += 1
        if end - start < 2 or any(a.start <= start < a.end for a in taken):
            continue
        name = text[start:end]
        people.append(Actor(name, start, end, name, "person", Role.PARTICIPANT))
    return people


# what stands between a role's words and the name ("投资方为本公司全资子公司X")
_DESCRIBED = re.compile(r"(?:(?:本|该)?公司)?(?:全资|控股)?(?:子公司|所属|旗下的?|下属)$")


def _role_before(text: str, start: int) -> tuple[Role | None, str | None]:
    before = text[max(0, start - 20) : start]
    while described := _DESCRIBED.search(before):
        if not described.group():
            break
        before = before[: described.start()]
    for role, pattern in _ROLE_BEFORE:
        match = pattern.search(before)
        if match:
            return role, match.group(0)
    return None, None


def _role(text: str, end: int, name: str) -> tuple[Role | None, str | None]:
    after = text[end : end + 12]
    for role, pattern in _ROLE_AFTER:
        match = pattern.match(after)
        if match:
            return role, match.group(0)
    if name.endswith("基金"):
        return Role.FUNDER, "基金"
    return None, None
