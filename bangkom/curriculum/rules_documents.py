"""The program's rules of conduct (ketentuan, DOMAIN.md S-1 R11) as versioned documents.

A version is never edited: a change is a new version (last + 1), so an acknowledgement
always points at the exact text a participant agreed to. Managers write Markdown; what is
stored and shown is the HTML rendered and sanitised by ``common.richtext`` (no script).
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.common.richtext import render_markdown
from bangkom.curriculum.errors import CurriculumConflict, CurriculumErrorCode, CurriculumInvalid
from bangkom.curriculum.models import Program, RulesDocument

MAX_RULES_MARKDOWN = 100_000  # characters; a rules document is a few pages at most


def preview_rules(body_markdown: str) -> str:
    """Return the sanitised HTML a version with this Markdown would show."""
    return render_markdown(body_markdown)


def publish_rules_version(
    program: Program, *, title: str, body_markdown: str, by: User | None, now: datetime
) -> RulesDocument:
    """Publish the next version (last + 1) of the program's rules; earlier ones stay as they are.

    Refuses an empty title or a body that is empty once sanitised.
    """
    title = title.strip()
    if not title:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_RULES, _("Judul ketentuan wajib diisi."), field="title"
        )
    if len(body_markdown) > MAX_RULES_MARKDOWN:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_RULES,
            _("Isi ketentuan terlalu panjang."),
            field="body_markdown",
        )
    body_html = render_markdown(body_markdown)
    if not body_html.strip():
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_RULES,
            _("Isi ketentuan wajib diisi."),
            field="body_markdown",
        )
    try:
        with transaction.atomic():
            Program.objects.select_for_update().filter(pk=program.pk).first()
            last = program.rules_versions.aggregate(last=Max("version"))["last"] or 0
            return RulesDocument.objects.create(
                program=program,
                version=last + 1,
                title=title,
                body_html=body_html,
                body_markdown=body_markdown,
                published_at=now,
                created_by=by,
            )
    except IntegrityError:  # another manager published the same number at the same instant
        raise CurriculumConflict(
            CurriculumErrorCode.INVALID_RULES,
            _("Versi ketentuan baru saja diterbitkan orang lain. Muat ulang halaman."),
        ) from None


def current_rules(program: Program) -> RulesDocument | None:
    """The latest version of the program's rules, or None when there is none yet."""
    return program.rules_versions.order_by("-version").first()
