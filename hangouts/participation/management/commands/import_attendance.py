"""python manage.py import_attendance HANGOUT_ID FILE [--dry-run] [--json]

Without --dry-run it records what needs no decision (members matched with certainty or by an
earlier decision, guests decided before) and leaves the people who need review out: they are
listed with the address of the web review, where an organiser decides and imports again
(which replaces, never doubles). An import from the command line is kept like a web upload.
--json prints exactly one object on stdout: format, rows, people, matched, needs_review,
guests, minutes (people = distinct participants after merging; minutes = their total).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hangouts.participation.actions import AttendanceNotOpen
from hangouts.participation.attendance_import import (
    AttendanceImportError,
    ImportPlan,
    apply_attendance_import,
    plan_import,
    store_report,
)
from hangouts.programme.models import Hangout


class Command(BaseCommand):
    help = "Import a meeting tool's participant report as a hangout's attendance."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("hangout", type=int, help="the hangout's id")
        parser.add_argument("file", type=Path, help="the report (Zoom, Google Meet, Teams, CSV)")
        parser.add_argument("--dry-run", action="store_true", help="show it, save nothing")
        parser.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        hangout = Hangout.objects.select_related("network").filter(pk=options["hangout"]).first()
        if hangout is None:
            raise CommandError(_("No hangout with the id %(id)d.") % {"id": options["hangout"]})
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s.") % {"file": path, "reason": error.strerror}
            ) from None
        # Messages in the network's language, as organisers see them on the web.
        language = hangout.network.language if hangout.network.language in ("lo", "en") else "en"
        with translation.override(language):
            plan = self.run(hangout, content, path.name, dry_run=options["dry_run"])
            if options["json"]:
                self.stdout.write(json.dumps(plan.summary(), ensure_ascii=False))
            else:
                self.describe(plan, dry_run=options["dry_run"])

    def run(self, hangout: Hangout, content: bytes, file_name: str, *, dry_run: bool) -> ImportPlan:
        if dry_run:
            plan = plan_import(hangout, content)
            if plan.file_error:
                raise CommandError(plan.file_error)
            return plan
        try:
            with transaction.atomic():
                record = store_report(hangout, content=content, file_name=file_name, by=None)
                plan = apply_attendance_import(record, by=None)
        except (AttendanceImportError, AttendanceNotOpen) as error:
            raise CommandError(str(error.message)) from None
        if plan.needs_review:
            kwargs = {"network": hangout.network.slug, "pk": hangout.pk, "import_pk": record.pk}
            review = reverse("participation:import_review", kwargs=kwargs)
            count = len(plan.needs_review)
            text = ngettext(
                "%(count)d person needs review; decide on the web, then import again: %(url)s",
                "%(count)d people need review; decide on the web, then import again: %(url)s",
                count,
            )
            self.stderr.write(text % {"count": count, "url": review})
        return plan

    def describe(self, plan: ImportPlan, *, dry_run: bool) -> None:
        for person in plan.people:
            participant = person.participant
            if person.member is not None:
                outcome = f"{person.member.name} ({person.confidence_percent}%)"
            else:
                outcome = {
                    "guest": _("guest"),
                    "host": _("the host's account: not recorded"),
                    "review": _("needs review"),
                }[person.status]
            self.stdout.write(f"{participant.name}\t{participant.minutes}\t{outcome}")
        self.stdout.write(", ".join(f"{key} {value}" for key, value in plan.summary().items()))
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported.")))
