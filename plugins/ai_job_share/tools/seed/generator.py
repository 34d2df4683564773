"""The synthetic job board: companies and postings with their ground truth. Pure: no database, no global state.

``generate()`` is deterministic for a seed (every random draw comes from a ``random.Random`` seeded from the seed,
the month and the purpose). Postings are built from the labelled phrase banks in ``phrases.toml``: neutral and decoy
phrases carry no keyword, ``ai``/``data``/``both`` phrases carry the keywords of the article rule. Each posting
is planned first (is_ai, is_data, deleted) by exact stratified counts per month, then its text is composed from
phrases of the matching labels, and finally ``reference_flags`` - a plain, independent implementation of the
rule - must agree with the plan, or the posting is recomposed. The recorded truth is therefore the rule's answer.
"""

from __future__ import annotations

import math
import random
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path

from ai_job_share.months import Month, month_range

DEVELOPER_GROUP = "개발"
PHRASES_FILE = Path(__file__).resolve().with_name("phrases.toml")

#: Text columns of a posting besides ``title``, in source-contract order.
TEXT_SECTIONS = ("intro", "main_tasks", "requirements", "preferred", "benefits")
#: Phrase labels and what the article rule must say about a phrase with that label: (is_ai, is_data).
LABEL_FLAGS = {
    "neutral": (False, False),
    "decoy": (False, False),
    "ai": (True, False),
    "data": (False, True),
    "both": (True, True),
}

# Calibration: per month, targets drawn uniformly from these ranges, then met by exact counts over the
# non-deleted postings of the group.
DEV_AI_SHARE = (0.35, 0.39)
DEV_AI_OR_DATA_SHARE = (0.455, 0.485)
DEV_BOTH_FRACTION_OF_AI = (0.30, 0.50)
NONDEV_AI_SHARE = (0.06, 0.13)
NONDEV_DATA_ONLY_SHARE = (0.12, 0.25)
NONDEV_BOTH_FRACTION_OF_AI = (0.15, 0.35)
NONDEV_RATIO = (0.47, 0.53)  # non-developer postings per developer posting
VOLUME_NOISE = 0.03
DELETED_RATE = (0.005, 0.015)
OPEN_RATE = 0.3
DECOY_RATE = 0.4
EXTRA_KEYWORD_RATE = 0.3
KEYWORD_TITLE_RATE = 0.3
#: Where a keyword phrase goes (among the sections whose bank has one).
INJECT_WEIGHTS = {"intro": 0.2, "main_tasks": 0.35, "requirements": 0.2, "preferred": 0.2, "benefits": 0.05}
YEARS_WEIGHTS = (18, 9, 11, 14, 10, 12, 6, 7, 4, 3, 6)  # required_years_min 0..10
#: What the taxonomies differ on, in developer postings (recorded in Posting.traits):
#: English AI vocabulary without the article's keywords, in this share of the postings the article calls not AI;
EN_AI_RATE = 0.08
#: trap words (HTML, XML, OCaml, ReasonML, EMAIL ...) in this share of postings;
TRAP_RATE = 0.15
#: generative-AI work in this share of AI postings: low until ChatGPT's release, then rising month by month.
GENAI_BREAK = "2022-12"
GENAI_RATE_BEFORE = 0.02
GENAI_RATE_AFTER = (0.12, 0.06, 0.5)  # first month after the break, added per month, ceiling
TRAIT_ENGLISH_AI, TRAIT_GENAI, TRAIT_TRAP = "english_ai", "genai", "trap"
_BULLET = "• "


@dataclass(frozen=True, slots=True)
class Company:
    id: int
    name: str
    employee_count: int


@dataclass(frozen=True, slots=True)
class Posting:
    id: int
    company_id: int
    job_group: str
    job_role: str
    title: str
    intro: str
    main_tasks: str
    requirements: str
    preferred: str
    benefits: str
    required_years_min: int
    required_years_max: int
    published_at: datetime
    updated_at: datetime
    status: str
    is_ai: bool
    is_data: bool
    #: What else the text holds (TRAIT_*), for the taxonomies that read more than the article's rule.
    traits: tuple[str, ...] = ()

    def text_parts(self) -> tuple[str, ...]:
        return (self.title, self.intro, self.main_tasks, self.requirements, self.preferred, self.benefits)


@dataclass(frozen=True)
class MonthSummary:
    """Counts of one KST month; the ``developer_*`` shares are over non-deleted 개발 postings."""

    postings: int
    deleted: int
    developer: int
    developer_live: int
    developer_ai: int
    developer_ai_or_data: int

    @property
    def developer_ai_share(self) -> float:
        return self.developer_ai / self.developer_live if self.developer_live else 0.0

    @property
    def developer_ai_or_data_share(self) -> float:
        return self.developer_ai_or_data / self.developer_live if self.developer_live else 0.0


# ----------------------------------------------------------------------------------------------------------
# The reference checker: a deliberately plain implementation of the article rule
# ----------------------------------------------------------------------------------------------------------
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LATIN = _UPPER | frozenset("abcdefghijklmnopqrstuvwxyz")
_SPACE = frozenset(" \t\n\r\f\v")


def reference_flags(text: str) -> tuple[bool, bool]:
    """(is_ai, is_data) of ``text`` under the article rule, after NFKC normalisation.

    AI: ``AI`` not preceded by A-Z and not followed by a Latin letter; or 머신러닝 / 딥러닝 with optional
    whitespace between the parts. Data: ``데이터`` anywhere.
    """
    s = unicodedata.normalize("NFKC", text)
    return _has_ai(s), "데이터" in s


def _has_ai(s: str) -> bool:
    i = s.find("AI")
    while i >= 0:
        if (i == 0 or s[i - 1] not in _UPPER) and (i + 2 >= len(s) or s[i + 2] not in _LATIN):
            return True
        i = s.find("AI", i + 1)
    for head in ("머신", "딥"):
        i = s.find(head)
        while i >= 0:
            j = i + len(head)
            while j < len(s) and s[j] in _SPACE:
                j += 1
            if s.startswith("러닝", j):
                return True
            i = s.find(head, i + 1)
    return False


def posting_reference_flags(parts: Iterable[str]) -> tuple[bool, bool]:
    """The rule's answer for a posting's title and sections, however a reader joins them.

    Checked per section, joined by newlines and joined with nothing; raises if these disagree (a keyword formed
    across a section boundary), so that the truth never depends on how the pipeline concatenates.
    """
    parts = tuple(parts)
    per_section = [reference_flags(part) for part in parts]
    separate = (any(f[0] for f in per_section), any(f[1] for f in per_section))
    for joined in ("\n".join(parts), "".join(parts)):
        if reference_flags(joined) != separate:
            raise ValueError("a keyword forms across a section boundary")
    return separate


# ----------------------------------------------------------------------------------------------------------
# Phrase banks
# ----------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Role:
    group: str
    name: str
    weight: float
    ai_boost: float
    data_boost: float
    titles: dict[str, tuple[str, ...]]  # label -> titles
    own: dict[str, tuple[str, ...]]  # section -> role-specific neutral phrases
    common: dict[str, tuple[str, ...]]  # section -> group-wide (or board-wide) neutral phrases
    pools: dict[str, dict[str, tuple[str, ...]]]  # section -> label -> every phrase of that label


@dataclass(frozen=True)
class _Group:
    """A job group of the generated board: whether it is a developer group, its share of postings, its roles."""

    name: str
    developer: bool
    share: float
    roles: tuple[_Role, ...]


@dataclass(frozen=True)
class _Bank:
    english_ai: dict[str, tuple[str, ...]]  # section -> phrases
    genai: dict[str, tuple[str, ...]]
    traps: dict[str, tuple[str, ...]]
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    industries: tuple[str, ...]
    years_junior: tuple[str, ...]
    years_experienced: tuple[str, ...]
    groups: tuple[_Group, ...]


_SAMPLE_CONTEXT = {"company": "가나", "company_topic": "가나는", "industry": "핀테크", "min": "3", "max": "5"}


def _labelled(table: dict, where: str, *, templates: bool = False) -> dict[str, tuple[str, ...]]:
    """Read a {label: [phrases]} table and check every phrase against its label with the reference checker."""
    banks: dict[str, tuple[str, ...]] = {}
    for label, phrases in table.items():
        if label not in LABEL_FLAGS:
            raise ValueError(f"phrases.toml: {where}: unknown label {label!r}")
        if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise ValueError(f"phrases.toml: {where}.{label}: must be a list of non-empty strings")
        for phrase in phrases:
            if not templates and "{" in phrase:
                raise ValueError(f"phrases.toml: {where}.{label}: placeholders only in intro: {phrase!r}")
            text = phrase.format_map(_SAMPLE_CONTEXT) if templates else phrase
            if reference_flags(text) != LABEL_FLAGS[label]:
                raise ValueError(f"phrases.toml: {where}.{label}: the rule disagrees with the label: {phrase!r}")
        banks[label] = tuple(phrases)
    return banks


def _neutral_words(words: list, where: str) -> tuple[str, ...]:
    for word in words:
        if reference_flags(word) != (False, False):
            raise ValueError(f"phrases.toml: {where}: {word!r} carries a keyword")
    return tuple(words)


@cache
def load_bank(path: Path = PHRASES_FILE) -> _Bank:
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    board = {
        "intro": _labelled(document["intro"], "intro", templates=True),
        "benefits": _labelled(document["benefits"], "benefits"),
    }
    groups = []
    for group_name, group_table in document["groups"].items():
        common = dict(board)
        for section, table in group_table.get("common", {}).items():
            if section not in TEXT_SECTIONS or section in board:
                raise ValueError(f"phrases.toml: groups.{group_name}.common: bad section {section!r}")
            common[section] = _labelled(table, f"groups.{group_name}.common.{section}")
        roles = []
        for role_name, role_table in group_table["roles"].items():
            where = f"groups.{group_name}.roles.{role_name}"
            titles = _labelled(role_table["titles"], f"{where}.titles")
            own = {
                section: _labelled(role_table[section], f"{where}.{section}")
                for section in TEXT_SECTIONS
                if section in role_table
            }
            pools = {
                section: {
                    label: own.get(section, {}).get(label, ()) + common.get(section, {}).get(label, ())
                    for label in LABEL_FLAGS
                }
                for section in TEXT_SECTIONS
            }
            roles.append(
                _Role(
                    group=group_name,
                    name=role_name,
                    weight=float(role_table["weight"]),
                    ai_boost=float(role_table.get("ai_boost", 1.0)),
                    data_boost=float(role_table.get("data_boost", 1.0)),
                    titles=titles,
                    own={s: own.get(s, {}).get("neutral", ()) for s in TEXT_SECTIONS},
                    common={s: common.get(s, {}).get("neutral", ()) for s in TEXT_SECTIONS},
                    pools=pools,
                )
            )
        groups.append(
            _Group(
                name=group_name,
                developer=bool(group_table.get("developer", False)),
                share=float(group_table.get("share", 0.0)),
                roles=tuple(roles),
            )
        )
    if [g.name for g in groups if g.developer] != [DEVELOPER_GROUP]:
        raise ValueError(f"phrases.toml: exactly one developer group, {DEVELOPER_GROUP!r}, is expected")
    company = document["company"]
    years = document["years"]
    extra = {
        name: {
            section: _labelled({label: phrases}, f"{name}.{section}")[label]
            for section, phrases in document[name].items()
        }
        for name, label in (("english_ai", "neutral"), ("genai", "ai"), ("traps", "neutral"))
    }
    for name, sections in extra.items():
        if not set(sections) <= set(TEXT_SECTIONS):
            raise ValueError(f"phrases.toml: {name}: sections must be among {', '.join(TEXT_SECTIONS)}")
    return _Bank(
        **extra,
        prefixes=_neutral_words(company["prefixes"], "company.prefixes"),
        suffixes=_neutral_words(company["suffixes"], "company.suffixes"),
        industries=_neutral_words(company["industries"], "company.industries"),
        years_junior=_labelled({"neutral": years["junior"]}, "years.junior", templates=True)["neutral"],
        years_experienced=_labelled({"neutral": years["experienced"]}, "years.experienced", templates=True)["neutral"],
        groups=tuple(groups),
    )


# ----------------------------------------------------------------------------------------------------------
# Generation
# ----------------------------------------------------------------------------------------------------------
def generate(
    *,
    seed: int = 42,
    first_month: str = "2022-01",
    last_month: str = "2023-05",
    developer_postings_per_month: int = 3000,
) -> tuple[list[Company], Iterator[Posting]]:
    """The companies, and a lazy iterator over the postings month by month (ids ascending with published_at)."""
    months = [str(month) for month in month_range(first_month, last_month)]
    if developer_postings_per_month < 1:
        raise ValueError("developer_postings_per_month must be at least 1")
    bank = load_bank()
    companies, industries = _companies(seed, bank)
    board = _Board(bank, companies, industries)

    def postings() -> Iterator[Posting]:
        next_id = 1
        for month in months:
            batch = board.month(seed, month, next_id, developer_postings_per_month)
            next_id += len(batch)
            yield from batch

    return companies, postings()


def summarize(postings: Iterable[Posting]) -> dict[str, MonthSummary]:
    """Counts per KST month of ``postings``."""
    counts: dict[str, list[int]] = {}
    for p in postings:
        c = counts.setdefault(str(Month.containing(p.published_at)), [0, 0, 0, 0, 0, 0])
        c[0] += 1
        deleted = p.status == "deleted"
        c[1] += deleted
        if p.job_group == DEVELOPER_GROUP:
            c[2] += 1
            if not deleted:
                c[3] += 1
                c[4] += p.is_ai
                c[5] += p.is_ai or p.is_data
    return {month: MonthSummary(*c) for month, c in sorted(counts.items())}


def genai_rate(month: str) -> float:
    """The share of a month's AI postings that carry generative-AI work (TRAIT_GENAI)."""
    if month < GENAI_BREAK:
        return GENAI_RATE_BEFORE
    first, per_month, ceiling = GENAI_RATE_AFTER
    (year, number), (break_year, break_number) = (map(int, m.split("-")) for m in (month, GENAI_BREAK))
    since = (year - break_year) * 12 + number - break_number
    return min(ceiling, first + per_month * since)


def _companies(seed: int, bank: _Bank) -> tuple[list[Company], list[str]]:
    rng = random.Random(f"ai_job_share.seed:{seed}:companies")
    names = [prefix + suffix for prefix in bank.prefixes for suffix in bank.suffixes]
    chosen = rng.sample(names, rng.randint(min(300, len(names)), min(420, len(names))))
    companies = []
    for number, name in enumerate(chosen, start=1):
        # 5 .. 5000 employees, most companies small: the exponent skews the log-uniform draw downwards.
        employees = round(5 * 1000 ** (rng.random() ** 2))
        companies.append(Company(id=number, name=name, employee_count=employees))
    industries = [rng.choice(bank.industries) for _ in companies]
    return companies, industries


def _topic(name: str) -> str:
    last = name[-1]
    if "가" <= last <= "힣":
        return name + ("은" if (ord(last) - 0xAC00) % 28 else "는")
    return name + "은(는)"


def _noisy_count(rng: random.Random, target: int, noise: float) -> int:
    low, high = math.ceil(target * (1 - noise)), math.floor(target * (1 + noise))
    return min(high, max(low, round(target * (1 + rng.uniform(-noise, noise)))))


def _flag_plan(
    rng: random.Random, n: int, ai_share: float, ai_or_data_share: float, both_fraction: float
) -> list[tuple[bool, bool, bool]]:
    """(is_ai, is_data, deleted) for n postings: exact counts over the non-deleted ones, drawn for deleted ones."""
    n_deleted = round(n * rng.uniform(*DELETED_RATE))
    n_live = n - n_deleted
    n_ai = round(n_live * ai_share)
    n_ai_or_data = max(n_ai, round(n_live * ai_or_data_share))
    n_both = round(n_ai * both_fraction)
    plan = (
        [(True, True, False)] * n_both
        + [(True, False, False)] * (n_ai - n_both)
        + [(False, True, False)] * (n_ai_or_data - n_ai)
        + [(False, False, False)] * (n_live - n_ai_or_data)
    )
    for _ in range(n_deleted):
        draw = rng.random()
        is_ai = draw < ai_share
        is_data = rng.random() < both_fraction if is_ai else draw < ai_or_data_share
        plan.append((is_ai, is_data, True))
    rng.shuffle(plan)
    return plan


def _title_labels(is_ai: bool, is_data: bool) -> tuple[str, ...]:
    return tuple(label for label, (a, d) in LABEL_FLAGS.items() if label != "decoy" and a <= is_ai and d <= is_data)


class _Board:
    def __init__(self, bank: _Bank, companies: list[Company], industries: list[str]) -> None:
        self.bank = bank
        self.companies = companies
        self.industries = industries
        self.topics = [_topic(c.name) for c in companies]
        self.company_cum = list(accumulate(1 + math.log(c.employee_count) for c in companies))
        self.company_index = range(len(companies))
        self.developer = next(g for g in bank.groups if g.developer)
        self.others = [g for g in bank.groups if not g.developer]
        self.others_cum = list(accumulate(g.share for g in self.others))
        self._roles: dict[tuple[str, bool, bool], tuple[list[_Role], list[float]]] = {}
        self.years_cum = list(accumulate(YEARS_WEIGHTS))
        intro = self.developer.roles[0].common["intro"]
        self.intro_openings = tuple(t for t in intro if "{company" in t)
        self.intro_others = tuple(t for t in intro if "{" not in t)

    def roles_for(self, group: _Group, is_ai: bool, is_data: bool) -> tuple[list[_Role], list[float]]:
        key = (group.name, is_ai, is_data)
        if key not in self._roles:
            labels = _title_labels(is_ai, is_data)
            roles = [r for r in group.roles if any(r.titles.get(label) for label in labels)]
            if not roles:
                raise ValueError(f"no role of {group.name} can carry is_ai={is_ai}, is_data={is_data}")
            weights = [r.weight * (r.ai_boost if is_ai else 1.0) * (r.data_boost if is_data else 1.0) for r in roles]
            self._roles[key] = (roles, list(accumulate(weights)))
        return self._roles[key]

    def month(self, seed: int, month: str, first_id: int, developer_per_month: int) -> list[Posting]:
        rng = random.Random(f"ai_job_share.seed:{seed}:{month}")
        start, end = Month.parse(month).start, Month.parse(month).end
        n_dev = _noisy_count(rng, developer_per_month, VOLUME_NOISE)
        n_other = round(n_dev * rng.uniform(*NONDEV_RATIO))
        dev_plan = _flag_plan(
            rng,
            n_dev,
            rng.uniform(*DEV_AI_SHARE),
            rng.uniform(*DEV_AI_OR_DATA_SHARE),
            rng.uniform(*DEV_BOTH_FRACTION_OF_AI),
        )
        other_ai = rng.uniform(*NONDEV_AI_SHARE)
        other_plan = _flag_plan(
            rng,
            n_other,
            other_ai,
            other_ai + rng.uniform(*NONDEV_DATA_ONLY_SHARE),
            rng.uniform(*NONDEV_BOTH_FRACTION_OF_AI),
        )
        other_groups = rng.choices(self.others, cum_weights=self.others_cum, k=n_other) if self.others else []
        specs = [(self.developer, *flags) for flags in dev_plan]
        specs += [(group, *flags) for group, flags in zip(other_groups, other_plan, strict=True)]
        rng.shuffle(specs)

        # Uniform over the month in microseconds, with a few postings exactly on the edges.
        span = (end - start) // timedelta(microseconds=1)
        offsets = [rng.randrange(span) for _ in specs]
        for index, edge in enumerate((0, span - 1_000_000, span - 1)):
            if index < len(offsets):
                offsets[index] = edge
        order = sorted(range(len(specs)), key=offsets.__getitem__)
        genai = genai_rate(month)
        return [
            self.posting(rng, first_id + k, start + timedelta(microseconds=offsets[i]), genai, *specs[i])
            for k, i in enumerate(order)
        ]

    def posting(
        self,
        rng: random.Random,
        posting_id: int,
        published_at: datetime,
        genai: float,
        group: _Group,
        is_ai: bool,
        is_data: bool,
        deleted: bool,
    ) -> Posting:
        company = rng.choices(self.company_index, cum_weights=self.company_cum)[0]
        roles, cum = self.roles_for(group, is_ai, is_data)
        role = rng.choices(roles, cum_weights=cum)[0]
        years_min = rng.choices(range(len(YEARS_WEIGHTS)), cum_weights=self.years_cum)[0]
        years_max = min(10, years_min + rng.choice((0, 2, 3, 5)))
        for _attempt in range(10):
            try:
                parts, traits = self.compose(rng, role, company, is_ai, is_data, years_min, years_max, genai)
                flags = posting_reference_flags(parts)
            except ValueError:
                continue
            if flags == (is_ai, is_data):
                break
        else:  # pragma: no cover - the banks are checked at load time, so this means a generator bug
            raise RuntimeError(f"posting {posting_id}: could not compose text for is_ai={is_ai}, is_data={is_data}")
        status = "deleted" if deleted else "open" if rng.random() < OPEN_RATE else "closed"
        delay = 0 if rng.random() < 0.2 else rng.randrange(1, 45 * 86400)
        return Posting(
            posting_id,
            self.companies[company].id,
            group.name,
            role.name,
            *parts,
            years_min,
            years_max,
            published_at,
            published_at + timedelta(seconds=delay),
            status,
            is_ai,
            is_data,
            traits,
        )

    def compose(
        self,
        rng: random.Random,
        role: _Role,
        company: int,
        is_ai: bool,
        is_data: bool,
        years_min: int,
        years_max: int,
        genai: float,
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """title, intro, main_tasks, requirements, preferred, benefits for a posting with the given flags, and its
        traits (``genai``: the share of AI postings that carry generative-AI work this month)."""
        labels = _title_labels(is_ai, is_data)
        keyword_titles = [(label, t) for label in labels if label != "neutral" for t in role.titles.get(label, ())]
        neutral_titles = role.titles.get("neutral", ())
        if keyword_titles and (not neutral_titles or rng.random() < KEYWORD_TITLE_RATE):
            title_label, title = rng.choice(keyword_titles)
        else:
            title_label, title = "neutral", rng.choice(neutral_titles)

        def pick(section: str, low: int, high: int, common_low: int, common_high: int) -> list[str]:
            own, common = role.own[section], role.common[section]
            total = rng.randint(low, high)
            from_own = max(0, min(len(own), total - rng.randint(common_low, common_high)))
            from_common = min(len(common), total - from_own)
            return rng.sample(own, from_own) + rng.sample(common, from_common)

        sections = {
            # One sentence naming the company, then three or four general ones.
            "intro": [rng.choice(self.intro_openings), *rng.sample(self.intro_others, rng.randint(3, 4))],
            "main_tasks": pick("main_tasks", 5, 8, 0, 1),
            "requirements": pick("requirements", 4, 6, 1, 2),
            "preferred": pick("preferred", 3, 5, 1, 2),
            "benefits": pick("benefits", 8, 11, 8, 11),
        }
        if years_min == 0:
            junior = [t for t in self.bank.years_junior if years_max > 0 or "{max}" not in t]
            years_line = rng.choice(junior)
        else:
            years_line = rng.choice(self.bank.years_experienced)
        sections["requirements"].insert(0, years_line.format(min=years_min, max=years_max))

        def inject(label: str, required: bool) -> None:
            candidates = [s for s in TEXT_SECTIONS if role.pools[s][label]]
            if not candidates:
                if required:
                    raise ValueError(f"{role.group}/{role.name}: no {label} phrase anywhere")
                return
            section = rng.choices(candidates, weights=[INJECT_WEIGHTS[s] for s in candidates])[0]
            phrase = rng.choice(role.pools[section][label])
            bullets = sections[section]
            if phrase in bullets:
                if required:  # a required keyword is never already present; the phrase is just duplicated
                    raise ValueError("duplicate keyword phrase")
                return
            bullets.insert(rng.randint(1 if section == "requirements" else 0, len(bullets)), phrase)

        need_ai = is_ai and not LABEL_FLAGS[title_label][0]
        need_data = is_data and not LABEL_FLAGS[title_label][1]
        if need_ai and need_data and rng.random() < 0.35:
            inject("both", required=True)
            need_ai = need_data = False
        if need_ai:
            inject("ai", required=True)
        if need_data:
            inject("data", required=True)
        if is_ai and rng.random() < EXTRA_KEYWORD_RATE:
            inject("both" if is_data and rng.random() < 0.3 else "ai", required=False)
        if is_data and rng.random() < EXTRA_KEYWORD_RATE:
            inject("data", required=False)
        if rng.random() < DECOY_RATE:
            inject("decoy", required=False)

        traits = []
        if role.group == DEVELOPER_GROUP:
            # None of these phrases changes the article's answer: english_ai and traps carry no keyword of it,
            # genai phrases carry AI and go only into postings that are AI anyway.
            for trait, bank, wanted in (
                (TRAIT_ENGLISH_AI, self.bank.english_ai, not is_ai and rng.random() < EN_AI_RATE),
                (TRAIT_GENAI, self.bank.genai, is_ai and rng.random() < genai),
                (TRAIT_TRAP, self.bank.traps, rng.random() < TRAP_RATE),
            ):
                if wanted:
                    section = rng.choice(sorted(bank))
                    bullets = sections[section]
                    bullets.insert(
                        rng.randint(1 if section == "requirements" else 0, len(bullets)), rng.choice(bank[section])
                    )
                    traits.append(trait)

        context = {
            "company": self.companies[company].name,
            "company_topic": self.topics[company],
            "industry": self.industries[company],
        }
        intro = " ".join(sentence.format_map(context) for sentence in sections["intro"])
        bulleted = ("\n".join(_BULLET + line for line in sections[s]) for s in TEXT_SECTIONS[1:])
        return (title, intro, *bulleted), tuple(traits)
