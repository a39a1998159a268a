"""The words Chinese reports name events, projects and statuses with, for
:func:`coopmap.reports.cued.propose_cued`."""

from __future__ import annotations

import re

from coopmap.reports.cued import Cues, compiled
from coopmap.reports.lines import LINE_WORDS
from coopmap.taxonomy import EventType, Sector, Status

__all__ = ["CUES"]


_EVENTS = compiled(
    (
        (EventType.TALKS, r"会谈|谈判"),
        (EventType.CONFERENCE, r"论坛|博览会|研讨会|展览会|互联网大会|大会(?!堂)"),
        (EventType.MEETING, r"会见|会晤|峰会|理事会会议|会议|座谈"),
        (EventType.VISIT, r"国事访问|正式访问|访问|出访|考察"),
        (EventType.SIGNING, r"签署|签约|签订"),
    )
)

_PROJECTS = compiled(
    (
        (
            Sector.ENERGY,
            r"(?:水电站|核电站|光伏电站|风电场|电站|电厂|发电厂|输电线路|天然气管道|油气管道"
            r"|输油管道|管道|管线|炼油厂|炼化)(?:项目)?",
        ),
        (
            Sector.TRANSPORT,
            r"(?:轻轨|高速铁路|高铁|铁路|高速公路|快速公路|快速路|公路|地铁|城市轨道交通|隧道"
            r"|港口|陆港|无水港|物流中心|物流园"
            r"|物流合作基地|物流基地|集装箱码头|码头|班列|机场|大桥|桥梁|通道)(?:项目)?",
        ),
        (Sector.FINANCE, r"(?:合作)?基金|开发银行"),
        (Sector.TRADE, r"(?:国际)?(?:边境)?合作中心|自由贸易区|自贸区|经济特区"),
        (Sector.ICT, r"(?:数据中心|光缆)(?:项目)?"),
        # "农产品加工园", not the trade ("带动农产品加工和物流发展")
        (
            Sector.AGRICULTURE,
            r"(?:农业园|(?:农产品|粮食)加工(?=厂|园|中心|基地|项目)|养殖场)(?:厂|园区?|中心|基地)?"
            r"(?:项目)?",
        ),
        (Sector.MINING, r"(?:矿山|矿区|煤矿|铜矿|金矿)(?:项目)?"),
        # "标准厂房" are buildings of a park, not a plant; "园区" alone is the park named before
        (
            Sector.INDUSTRY,
            r"(?:工厂|产业园区?|工业园区?|园区|生产线|组装厂|[\u4e00-\u9fff]厂)(?!房)(?:项目)?",
        ),
    )
)

_STATUSES = compiled(
    (
        # a plan to start, finish or open is a plan ("计划2016年开工")
        (
            Status.ANNOUNCED,
            r"(?:计划|将|拟|有望|预计)[^，。；]{0,8}?(?:开工|动工|建成|投产|通车|竣工)",
        ),
        (Status.CANCELLED, r"取消|终止"),
        (Status.SUSPENDED, r"暂停|搁置"),
        (Status.OPERATING, r"投产|投入运营|投入使用|通车|开通|正式运营"),
        (Status.COMPLETED, r"建成|竣工|完工"),
        (Status.UNDER_CONSTRUCTION, r"在建|开工|动工|正在建设|施工|开建"),
        (Status.AGREED, r"签署|签订|协议|合同|备忘录|达成"),
        (Status.ANNOUNCED, r"计划|拟|有望|规划|将"),
    )
)

# Where a project's phrase begins, going left from its head: a punctuation mark, a particle,
# or a verb of what is done to it.
_BOUNDARY = re.compile(
    r"(?:[\s，。、；：！？（）《》“”\"'‘’,.;:!?()]|建设|修建|承建|投资|签署|开工|启动|参与"
    r"|举行|推进|实施|完成|共建|兴建|新建|扩建|[在于和与及的将已并了由把被从向对为是有])$"
)
_MAX_CHARS = 24


def _phrase(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The span of the noun phrase that ends in the project word at ``start:end``."""
    left = start
    while left > 0 and start - left < _MAX_CHARS and not _BOUNDARY.search(sentence[:left]):
        left -= 1
    return left, end


def _event_title(event_type: EventType, phrase: str, place: str | None) -> str:
    return phrase if not place or place in phrase or len(phrase) > 4 else f"{place}{phrase}"


# An organisation's name that a project word begins or is inside of ("中国铁路工程集团"): its
# kind follows without a particle or punctuation between.
_ORGANISATION = re.compile(
    "[^\\s\u3000-\u303f\uff00-\uffef和与的及同在对向从为于将已并]{0,6}?"
    "(?:集团|公司|银行|局|总局|研究院|大学|委员会)"
)


def _in_name(sentence: str, end: int) -> bool:
    return _ORGANISATION.match(sentence, end) is not None


def _place_title(phrase: str, place: str | None) -> str:
    return phrase if not place or place in phrase else f"{place}{phrase}"


CUES = Cues(
    sentence_end=re.compile(r"[。！？；]|\n"),
    events=_EVENTS,
    projects=_PROJECTS,
    statuses=_STATUSES,
    phrase=_phrase,
    event_title=_event_title,
    place_title=_place_title,
    in_name=_in_name,
    line_words=LINE_WORDS["zh"],
    referring=re.compile(r"(?:本次|此次|该|这次|上述|主持|出席)$"),
    located=re.compile(r"(?:位于|坐落于|地处|落户)$"),
)
