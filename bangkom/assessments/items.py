"""The item bank's rules: writing, versioning, reviewing and retiring items (issue: item bank;
DOMAIN.md §9 keyed and graded items, D-5; RELIABILITY.md decision 3, F14, K8).

- ``clean_content`` is the one place an item's content is checked per type and sanitised
  (nh3 allow-list; images allowed): the form, the importers and the command all use it.
- Content is versioned. A version an attempt drew (``is_locked``) never changes: editing
  it creates the next version and moves ``current_version``, so a running attempt keeps
  showing and scoring the version it drew (F14). Editing the content of an *active* item
  sends it back to review, so a changed key is not drawn before a second person approved
  it (F14: "blocked … without a second approver").
- Status: draft → in_review → active → retired. The reviewer is never the author; only
  active items with a current version are drawn (``pool.pool_for``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html import unescape

import nh3
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.assessments.choices import Difficulty, ItemStatus, ItemType
from bangkom.assessments.models import Assessment, Item, ItemBank, ItemVersion
from bangkom.assessments.permissions import can_author_items, can_create_bank, is_item_author
from bangkom.audit.log import record
from bangkom.common.errors import Conflict, Forbidden, InvalidInput
from bangkom.common.richtext import sanitize_html
from bangkom.curriculum.models import Program, Subject
from bangkom.notifications.service import notify
from bangkom.planning.models import Competency

MIN_OPTIONS = 2
MAX_OPTIONS = 5  # DOMAIN.md D-5: multiple choice A–E
MIN_POINTS, MAX_POINTS = 1, 5  # DOMAIN.md §9: every TKP option scores 1–5
MIN_LEVEL, MAX_LEVEL = 1, 5  # competency levels 1–5 (planning)
MAX_WEIGHT = Decimal("100")
TRUE_TEXT, FALSE_TEXT = "Benar", "Salah"
TWO_PLACES = Decimal("0.01")

# Control characters other than tab and newline: PostgreSQL refuses NUL, XML the rest.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --- errors ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One broken rule of an item's content; ``option`` is the 0-based option it concerns."""

    message: str
    option: int | None = None


class ItemInvalid(InvalidInput):
    """The item breaks content or tag rules; ``problems`` lists every one of them."""

    def __init__(self, problems: Sequence[Problem], *, field: str | None = None) -> None:
        super().__init__("item_invalid", " ".join(p.message for p in problems))
        self.problems = tuple(problems)
        self.field = field


class ItemStateError(Conflict):
    def __init__(self, message: object) -> None:
        super().__init__("item_state", message)


class AuthoringRefused(Forbidden):
    """The user may not do this in this bank (not an author or reviewer of it)."""

    def __init__(self, code: str, message: object) -> None:
        super().__init__(code, message)


class ReviewRefused(AuthoringRefused):
    """The review is refused: not a reviewer of the bank, or the item's own author."""


# --- content --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemContent:
    """An item's content as stored in a version: sanitised, checked, normalised."""

    item_type: str
    stem_html: str
    options: tuple[Mapping, ...]  # {"text", "correct", "points"} (ItemVersion.options v1)
    partial_credit: bool = False
    weight: Decimal = Decimal("1.00")

    def options_json(self) -> list[dict]:
        return [dict(option) for option in self.options]


@dataclass(frozen=True)
class ItemTags:
    subject: Subject | None = None
    competency: Competency | None = None
    competency_level: int | None = None
    difficulty: str = Difficulty.MEDIUM


def option_letter(index: int) -> str:
    """A, B, C… for an option's 0-based index (numbers past Z)."""
    return chr(ord("A") + index) if 0 <= index < 26 else str(index + 1)


def clean_html(value: object) -> str:
    """Normalise line ends, drop control characters, trim and sanitise rich text.

    Control characters are dropped again after sanitising: the parser turns character
    references such as ``&#1;`` into the raw character.
    """
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", sanitize_html(_CONTROL.sub("", text).strip())).strip()


_TEXT_ONLY = nh3.Cleaner(tags=set())  # built once: configuring a cleaner costs more than using it


def plain_text(html: str) -> str:
    """The visible words of sanitised HTML, whitespace collapsed (for checks and lists)."""
    text = html or ""
    if "<" in text or "&" in text:
        text = unescape(_TEXT_ONLY.clean(text))
    return " ".join(text.split())


def _is_blank(html: str, plain: str | None = None) -> bool:
    return not (plain_text(html) if plain is None else plain) and "<img" not in html


def clean_content(
    item_type: str,
    stem_html: str,
    options: Sequence[Mapping],
    *,
    partial_credit: bool = False,
    weight: object = 1,
) -> tuple[ItemContent, list[Problem]]:
    """Sanitise and check an item's content by its type; returns the content and problems.

    Rules: a stem and every option have text (or an image); no two options are the same
    (ignoring tags, spacing and case); 2–5 options. Single choice: exactly one key.
    Multiple response: at least one key. True/false: the options "Benar" and "Salah" with
    one key. Graded: every option has its own points 1–5 and no key. The content is only
    valid when the problem list is empty.
    """
    problems: list[Problem] = []
    if item_type not in ItemType.values:
        problems.append(Problem(_("Jenis soal tidak dikenal.")))
    stem = clean_html(stem_html)
    if _is_blank(stem):
        problems.append(Problem(_("Pertanyaan kosong.")))
    cleaned = [
        {
            "text": clean_html(option.get("text")),
            "correct": bool(option.get("correct")),
            "points": option.get("points"),
        }
        for option in options
    ]
    if item_type == ItemType.TRUE_FALSE:
        cleaned = _true_false(cleaned, problems)
    else:
        _check_count(cleaned, problems)
        _check_texts(cleaned, problems)
        if item_type == ItemType.GRADED:
            _graded(cleaned, problems)
        elif item_type in ItemType.values:
            _keyed(item_type, cleaned, problems)
    if item_type != ItemType.GRADED:
        for option in cleaned:
            option["points"] = 0
    content = ItemContent(
        item_type=item_type,
        stem_html=stem,
        options=tuple(cleaned),
        partial_credit=bool(partial_credit) and item_type == ItemType.MULTIPLE,
        weight=_weight(weight, problems),
    )
    return content, problems


def _check_count(options: list[dict], problems: list[Problem]) -> None:
    if len(options) < MIN_OPTIONS:
        problems.append(Problem(_("Minimal 2 pilihan jawaban.")))
    elif len(options) > MAX_OPTIONS:
        problems.append(Problem(_("Paling banyak 5 pilihan jawaban (A–E).")))


def _check_texts(options: list[dict], problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for index, option in enumerate(options):
        plain = plain_text(option["text"])
        if _is_blank(option["text"], plain):
            message = _("Pilihan %(letter)s kosong.") % {"letter": option_letter(index)}
            problems.append(Problem(message, index))
            continue
        key = plain.casefold() or option["text"]
        if key in seen:
            message = _("Pilihan %(letter)s sama dengan pilihan %(first)s.") % {
                "letter": option_letter(index),
                "first": option_letter(seen[key]),
            }
            problems.append(Problem(message, index))
        else:
            seen[key] = index


def _keyed(item_type: str, options: list[dict], problems: list[Problem]) -> None:
    keys = sum(1 for option in options if option["correct"])
    if keys == 0:
        problems.append(Problem(_("Tidak ada jawaban benar: tandai kunci jawaban.")))
    elif item_type == ItemType.SINGLE and keys > 1:
        problems.append(
            Problem(
                _("Pilihan ganda satu jawaban harus memiliki tepat satu kunci (ada %(n)s).")
                % {"n": keys}
            )
        )


def _graded(options: list[dict], problems: list[Problem]) -> None:
    for index, option in enumerate(options):
        option["correct"] = False  # graded options carry points, not a key (DOMAIN.md §9)
        points = as_int(option["points"])
        if points is None or not MIN_POINTS <= points <= MAX_POINTS:
            message = _("Poin pilihan %(letter)s harus bilangan bulat 1–5.") % {
                "letter": option_letter(index)
            }
            problems.append(Problem(message, index))
        option["points"] = points if points is not None else 0


def as_int(value: object) -> int | None:
    """An integer from a form, JSON or spreadsheet value (3, "3", 3.0), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return int(number) if number.is_finite() and number == number.to_integral_value() else None


def _true_false(options: list[dict], problems: list[Problem]) -> list[dict]:
    """Return the options as [Benar, Salah] keeping the key; report anything else."""
    by_text = {plain_text(option["text"]).casefold(): option for option in options}
    if len(options) != 2 or set(by_text) != {TRUE_TEXT.casefold(), FALSE_TEXT.casefold()}:
        problems.append(
            Problem(_("Soal benar/salah harus berisi tepat dua pilihan: Benar dan Salah."))
        )
        return options
    true_option = by_text[TRUE_TEXT.casefold()]
    false_option = by_text[FALSE_TEXT.casefold()]
    if true_option["correct"] == false_option["correct"]:
        problems.append(Problem(_("Soal benar/salah harus memiliki tepat satu kunci.")))
    return [
        {"text": TRUE_TEXT, "correct": true_option["correct"], "points": 0},
        {"text": FALSE_TEXT, "correct": false_option["correct"], "points": 0},
    ]


def _weight(value: object, problems: list[Problem]) -> Decimal:
    try:
        weight = Decimal(str(value if value not in (None, "") else 1).replace(",", "."))
        weight = weight.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        weight = Decimal("0")
    if not weight.is_finite() or not Decimal("0") < weight <= MAX_WEIGHT:
        problems.append(Problem(_("Bobot soal harus lebih dari 0 dan paling besar 100.")))
        return Decimal("1.00")
    return weight


def true_false_options(*, true_is_correct: bool) -> list[dict]:
    """The two options of a true/false item with its key."""
    return [
        {"text": TRUE_TEXT, "correct": true_is_correct},
        {"text": FALSE_TEXT, "correct": not true_is_correct},
    ]


# --- tags -----------------------------------------------------------------------------------


def tag_problems(bank: ItemBank, tags: ItemTags) -> list[Problem]:
    """Subject within the bank's program (its own subject for a subject bank), level 1–5."""
    problems: list[Problem] = []
    subject = tags.subject
    if subject is not None:
        if subject.program_id != bank.program_id:
            problems.append(Problem(_("Mata pelatihan bukan bagian dari program bank ini.")))
        elif bank.subject_id and subject.pk != bank.subject_id:
            problems.append(
                Problem(
                    _("Bank ini khusus untuk mata pelatihan %(subject)s.")
                    % {"subject": bank.subject.title}
                )
            )
    level = tags.competency_level
    if level is not None and not MIN_LEVEL <= level <= MAX_LEVEL:
        problems.append(Problem(_("Level kompetensi harus 1–5.")))
    if tags.difficulty not in Difficulty.values:
        problems.append(Problem(_("Tingkat kesulitan harus mudah, sedang atau sulit.")))
    return problems


def _checked(
    bank: ItemBank,
    *,
    item_type: str,
    stem_html: str,
    options: Sequence[Mapping],
    partial_credit: bool,
    weight: object,
    tags: ItemTags,
) -> tuple[ItemContent, ItemTags]:
    content, problems = clean_content(
        item_type, stem_html, options, partial_credit=partial_credit, weight=weight
    )
    problems += tag_problems(bank, tags)
    if problems:
        raise ItemInvalid(problems)
    if tags.subject is None and bank.subject_id:
        tags = ItemTags(bank.subject, tags.competency, tags.competency_level, tags.difficulty)
    return content, tags


# --- writing --------------------------------------------------------------------------------


def create_item(
    bank: ItemBank,
    *,
    item_type: str,
    stem_html: str,
    options: Sequence[Mapping],
    subject: Subject | None = None,
    competency: Competency | None = None,
    competency_level: int | None = None,
    difficulty: str = Difficulty.MEDIUM,
    partial_credit: bool = False,
    weight: object = 1,
    by: User | None,
    now: datetime,
) -> Item:
    """Create a draft item with its first version (the current one).

    Raises ItemInvalid listing every broken rule; nothing is written then. The caller has
    checked that ``by`` may author in the bank (``permissions.authorable_bank``).
    """
    tags = ItemTags(subject, competency, competency_level, difficulty)
    content, tags = _checked(
        bank,
        item_type=item_type,
        stem_html=stem_html,
        options=options,
        partial_credit=partial_credit,
        weight=weight,
        tags=tags,
    )
    with transaction.atomic():
        (item,) = insert_items(bank, [(content, tags)], by=by, now=now)
    return item


def insert_items(
    bank: ItemBank,
    entries: Sequence[tuple[ItemContent, ItemTags]],
    *,
    by: User | None,
    now: datetime,
    status: str = ItemStatus.DRAFT,
) -> list[Item]:
    """Write checked items with version 1 each, in bulk; run inside the caller's transaction.

    Only for content from ``clean_content`` and tags checked by ``tag_problems``.
    """
    items = Item.objects.bulk_create(
        [
            Item(
                bank=bank,
                item_type=content.item_type,
                status=status,
                subject=tags.subject or (bank.subject if bank.subject_id else None),
                competency=tags.competency,
                competency_level=tags.competency_level,
                difficulty=tags.difficulty,
                author=by,
            )
            for content, tags in entries
        ],
        batch_size=500,
    )
    versions = ItemVersion.objects.bulk_create(
        [
            _new_version(item, content, number=1, by=by, now=now)
            for item, (content, _tags) in zip(items, entries, strict=True)
        ],
        batch_size=500,
    )
    for item, version in zip(items, versions, strict=True):
        item.current_version = version
    Item.objects.bulk_update(items, ["current_version"], batch_size=500)
    return items


def _new_version(
    item: Item, content: ItemContent, *, number: int, by: User | None, now: datetime
) -> ItemVersion:
    return ItemVersion(
        item=item,
        number=number,
        stem_html=content.stem_html,
        options=content.options_json(),
        partial_credit=content.partial_credit,
        weight=content.weight,
        created_at=now,
        created_by=by,
    )


def content_of(version: ItemVersion, item_type: str) -> ItemContent:
    """The stored content of a version, comparable with ``clean_content``'s result."""
    return ItemContent(
        item_type=item_type,
        stem_html=version.stem_html,
        options=tuple(
            {"text": o.get("text"), "correct": bool(o.get("correct")), "points": o.get("points")}
            for o in version.options
        ),
        partial_credit=version.partial_credit,
        weight=Decimal(version.weight).quantize(TWO_PLACES),
    )


def update_item(
    item: Item,
    *,
    item_type: str,
    stem_html: str,
    options: Sequence[Mapping],
    subject: Subject | None = None,
    competency: Competency | None = None,
    competency_level: int | None = None,
    difficulty: str = Difficulty.MEDIUM,
    partial_credit: bool = False,
    weight: object = 1,
    by: User | None,
    now: datetime,
) -> ItemVersion:
    """Change an item; returns its current version afterwards.

    Guarantees: a version an attempt drew is never changed — a content change then makes
    version n+1 and moves ``current_version`` (the running attempt keeps its version and
    every saved answer, F14); an undrawn current version is edited in place. Unchanged
    content makes no version. A content change of an active item returns it to review.
    The type cannot change once an attempt drew the item (its old attempts score by it).
    """
    tags = ItemTags(subject, competency, competency_level, difficulty)
    content, tags = _checked(
        item.bank,
        item_type=item_type,
        stem_html=stem_html,
        options=options,
        partial_credit=partial_credit,
        weight=weight,
        tags=tags,
    )
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        if item_type != locked.item_type and locked.versions.filter(is_locked=True).exists():
            raise ItemInvalid(
                [Problem(_("Jenis soal tidak dapat diubah setelah soal dipakai dalam ujian."))],
                field="item_type",
            )
        current = ItemVersion.objects.filter(pk=locked.current_version_id).first()
        changed = current is None or content_of(current, locked.item_type) != content
        version = _write_content(locked, current, content, by=by, now=now) if changed else current
        status = locked.status
        if changed and status == ItemStatus.ACTIVE:
            status = ItemStatus.IN_REVIEW
        Item.objects.filter(pk=item.pk).update(
            item_type=content.item_type,
            subject=tags.subject,
            competency=tags.competency,
            competency_level=tags.competency_level,
            difficulty=tags.difficulty,
            status=status,
            current_version=version,
        )
        if changed:
            record(
                "item.changed",
                actor=by,
                target=locked,
                data={
                    "version": version.number,
                    "item_type": content.item_type,
                    "correct": [i for i, o in enumerate(version.options) if o.get("correct")],
                    "weight": version.weight,
                },
            )
    item.refresh_from_db()
    return version


def _write_content(
    item: Item,
    current: ItemVersion | None,
    content: ItemContent,
    *,
    by: User | None,
    now: datetime,
) -> ItemVersion:
    if current is not None:
        # Conditional: if an attempt locked the version since we read it, don't touch it.
        edited = ItemVersion.objects.filter(pk=current.pk, is_locked=False).update(
            stem_html=content.stem_html,
            options=content.options_json(),
            partial_credit=content.partial_credit,
            weight=content.weight,
            created_by=by,
            created_at=now,
        )
        if edited:
            current.refresh_from_db()
            return current
    last = item.versions.aggregate(last=Max("number"))["last"] or 0
    version = _new_version(item, content, number=last + 1, by=by, now=now)
    version.save()
    return version


# --- review workflow ------------------------------------------------------------------------


def submit_for_review(item: Item, by: User) -> Item:
    """Move a draft item to review (draft → in_review); ItemStateError from any other status."""
    moved = Item.objects.filter(
        pk=item.pk, status=ItemStatus.DRAFT, current_version__isnull=False
    ).update(status=ItemStatus.IN_REVIEW)
    if not moved:
        raise ItemStateError(_("Hanya soal berstatus draf yang dapat diajukan untuk ditelaah."))
    item.refresh_from_db()
    return item


def review_item(item: Item, *, approve: bool, by: User, comment: str = "", now: datetime) -> Item:
    """Approve (→ active) or send back (→ draft) an item in review; the author is told why.

    Refused (ReviewRefused) unless ``by`` is a facilitator of the bank's subject/program or
    a manager, and not the item's author or the writer of its current content. A rejection
    needs a comment. ItemStateError when the item is not in review.
    """
    if not can_author_items(by, item.bank):
        raise ReviewRefused("not_reviewer", _("Anda bukan penelaah bank soal ini."))
    if is_item_author(by, item):
        raise ReviewRefused(
            "reviewer_is_author", _("Penelaah harus orang lain, bukan penulis soal ini.")
        )
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ItemInvalid([Problem(_("Tuliskan alasan soal dikembalikan."))], field="comment")
    status = ItemStatus.ACTIVE if approve else ItemStatus.DRAFT
    moved = Item.objects.filter(pk=item.pk, status=ItemStatus.IN_REVIEW).update(
        status=status, reviewer=by, reviewed_at=now
    )
    if not moved:
        raise ItemStateError(_("Soal ini tidak sedang menunggu telaah."))
    item.refresh_from_db()
    _tell_author(item, approve=approve, by=by, comment=comment, now=now)
    return item


def _tell_author(item: Item, *, approve: bool, by: User, comment: str, now: datetime) -> None:
    if item.author is None or item.author_id == by.pk:
        return
    title = (
        _("Soal #%(pk)s disetujui dan aktif.") if approve else _("Soal #%(pk)s dikembalikan.")
    ) % {"pk": item.pk}
    notify(
        item.author,
        event_key=f"assessments:item-reviewed:{item.pk}:{now.isoformat()}",
        title=title,
        body=comment,
        url=reverse("assessments:item-detail", args=[item.pk]),
    )


def retire_item(item: Item, *, by: User | None = None) -> Item:
    """Stop drawing an active item (active → retired); attempts that drew it are unchanged."""
    moved = Item.objects.filter(pk=item.pk, status=ItemStatus.ACTIVE).update(
        status=ItemStatus.RETIRED
    )
    if not moved:
        raise ItemStateError(_("Hanya soal aktif yang dapat dipensiunkan."))
    item.refresh_from_db()
    return item


# --- banks ----------------------------------------------------------------------------------


def create_bank(
    *, program: Program, subject: Subject | None, code: str, title: str, by: User
) -> ItemBank:
    """Create a bank for a program or one of its subjects; the code is unique.

    Refused (AuthoringRefused) unless ``by`` is a manager or a facilitator of that subject (or
    of one of the program's subjects); ItemInvalid for a taken code or a foreign subject.
    """
    code, title = (code or "").strip(), (title or "").strip()
    if subject is not None and subject.program_id != program.pk:
        raise ItemInvalid([Problem(_("Mata pelatihan bukan bagian dari program ini."))])
    if not can_create_bank(by, program, subject):
        raise AuthoringRefused("not_author", _("Anda tidak dapat membuat bank soal di sini."))
    if not code or not title:
        raise ItemInvalid([Problem(_("Kode dan judul bank wajib diisi."))], field="code")
    taken = ItemInvalid(
        [Problem(_("Kode bank %(code)s sudah dipakai.") % {"code": code})], field="code"
    )
    if ItemBank.objects.filter(code__iexact=code).exists():
        raise taken
    try:
        with transaction.atomic():
            return ItemBank.objects.create(
                code=code, title=title, program=program, subject=subject, created_by=by
            )
    except IntegrityError:
        raise taken from None


# --- read side ------------------------------------------------------------------------------


def status_counts(bank: ItemBank) -> dict[str, int]:
    """How many items of the bank are in each status (every status present, 0 if none)."""
    counts = dict.fromkeys(ItemStatus.values, 0)
    rows = Item.objects.filter(bank=bank).values_list("status").annotate(n=Count("pk"))
    counts.update(dict(rows))
    return counts


def bank_items(
    bank: ItemBank,
    *,
    status: str = "",
    item_type: str = "",
    difficulty: str = "",
    subject_id: int | None = None,
) -> QuerySet[Item]:
    """The bank's items, newest first, filtered by allow-listed values only."""
    items = Item.objects.filter(bank=bank).select_related("current_version", "subject")
    if status in ItemStatus.values:
        items = items.filter(status=status)
    if item_type in ItemType.values:
        items = items.filter(item_type=item_type)
    if difficulty in Difficulty.values:
        items = items.filter(difficulty=difficulty)
    if subject_id:
        items = items.filter(subject_id=subject_id)
    return items.order_by("-pk")


def exportable_items(bank: ItemBank) -> QuerySet[Item]:
    """Items worth carrying to another bank: every status but retired, with content."""
    return (
        Item.objects.filter(bank=bank, current_version__isnull=False)
        .exclude(status=ItemStatus.RETIRED)
        .select_related("current_version", "subject", "competency")
        .order_by("pk")
    )


def banks_with_counts(banks: QuerySet[ItemBank]) -> QuerySet[ItemBank]:
    """Banks with their item count, active count and count waiting for review."""
    return banks.annotate(
        item_count=Count("items"),
        active_count=Count("items", filter=Q(items__status=ItemStatus.ACTIVE)),
        review_count=Count("items", filter=Q(items__status=ItemStatus.IN_REVIEW)),
    ).order_by("program__title", "code")


def bank_capacity(assessment: Assessment) -> int:
    """How many attempts the assessment's banks support with no item repeated.

    The exam setup owns this rule (``setup.bank_capacity``: active items with a current
    version matching each blueprint row, through ``assembly.distinct_forms_supported``);
    the bank pages ask it through here.
    """
    from bangkom.assessments import setup  # here, not on top: setup may come to use this module

    return setup.bank_capacity(assessment)


def version_history(item: Item) -> Iterable[ItemVersion]:
    """Every version of the item, newest first, with who wrote it."""
    return item.versions.select_related("created_by").order_by("-number")


def lettered(options: Sequence[Mapping]) -> list[tuple[str, Mapping]]:
    """Options with their letters (A, B, …) for display."""
    return [(option_letter(index), option) for index, option in enumerate(options)]
