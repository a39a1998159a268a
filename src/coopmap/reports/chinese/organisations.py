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
    r"|协会|委员会|研究院|大学|港务局|铁路局)"
)
# a name's characters: no punctuation, no particle that parts two names or a name and a verb
_NAME = re.compile("(?P<name>[\u4e00-\u9fffA-Za-z0-9（）()]{1,20}?" + _KIND + ")")
_BOUNDARY = set("，。、；：！？（）《》“”「」 由和与及的将在向从对是被把让据经同跟或并已")

_PREFIX = r"^(?:将|已|也|正在|负责|共同|分别)*"
_ROLE_AFTER = (
    (Role.OWNER, re.compile(_PREFIX + r"(?:持有|控股|拥有|共同投资|合资)")),
    (Role.CONTRACTOR, re.compile(_PREFIX + r"(?:承建|建设|施工|总承包|修建|建造)")),
    (
        Role.FUNDER,
        re.compile(_PREFIX + r"(?:提供\S{0,4}?(?:贷款|融资|资金)|融资|出资|投资|贷款|注资)"),
    ),
    (Role.OPERATOR, re.compile(_PREFIX + r"(?:运营|经营|管理)")),
)
_LISTED = re.compile(r"^(?:和|与|及|、|以及)$")


def find_actors(text: str, /) -> list[Actor]:
    """Return the organisations named in a Chinese ``text``, in order, with their roles."""
    actors: list[Actor] = []
    for match in _NAME.finditer(text):
        start, end = match.span("name")
        # the name starts after the last boundary inside the match ("由中国铁建" is 中国铁建)
        cut = max((i for i in range(start, end) if text[i] in _BOUNDARY), default=start - 1)
        start = cut + 1
        if end - start < 3:
            continue
        name = text[start:end]
        role, cue = _role(text, end, name)
        previous = actors[-1] if actors else None
        if role is None and previous is not None and _LISTED.match(text[previous.end : start]):
            role, cue = previous.role, previous.cue
        actors.append(Actor(name, start, end, name, "organisation", role, cue))
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


def _role(text: str, end: int, name: str) -> tuple[Role | None, str | None]:
    after = text[end : end + 12]
    for role, pattern in _ROLE_AFTER:
        match = pattern.match(after)
        if match:
            return role, match.group(0)
    if name.endswith("基金"):
        return Role.FUNDER, "基金"
    return None, None
