"""End to end over the real fixture files: parser, matching, import, review, re-import.

These run once the report parser (participation/reports, written on another branch) is merged;
until then `reports.read_report` does not exist and they are skipped. Counts per file are the
parser's own tests; here we check that every file goes through the import and that the import
agrees with what the parser read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from hangouts.network.models import Member, Network, Organisation
from hangouts.participation import reports
from hangouts.participation.models import Attendance, AttendanceImport, MemberAlias
from hangouts.participation.tests.test_attendance import recorded
from hangouts.programme.models import Hangout

pytestmark = pytest.mark.skipif(
    not hasattr(reports, "read_report"),
    reason="the report parser (participation/reports) is not merged yet",
)

FIXTURES = Path(__file__).parent / "fixtures"
FILES = sorted(str(path.relative_to(FIXTURES)) for path in FIXTURES.rglob("*.csv"))
LAO = FIXTURES / "zoom" / "meeting_participants_lao_vientiane.csv"
VIENTIANE = ZoneInfo("Asia/Vientiane")


@pytest.fixture
def held(network: Network) -> Hangout:
    starts = datetime(2026, 3, 27, 14, 0, tzinfo=VIENTIANE)
    return Hangout.objects.create(
        network=network,
        title="ໂພຊະນາການໃນໂຮງຮຽນ",
        starts_at=starts,
        ends_at=starts.replace(hour=15),
        status=Hangout.Status.HELD,
    )


def counts(hangout: Hangout, path: Path, *options: str) -> dict[str, object]:
    out = StringIO()
    call_command(
        "import_attendance",
        str(hangout.pk),
        str(path),
        "--json",
        *options,
        stdout=out,
        stderr=StringIO(),
    )
    return json.loads(out.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize("name", FILES)
def test_every_fixture_imports_and_agrees_with_the_parser(held, name):
    path = FIXTURES / name
    report = reports.read_report(path.read_bytes(), time_zone="Asia/Vientiane")

    dry = counts(held, path, "--dry-run")
    applied = counts(held, path)
    again = counts(held, path)

    assert dry == applied == again
    assert (dry["format"], dry["rows"], dry["people"], dry["minutes"]) == (
        report.format,
        report.rows,
        len(report.participants),
        report.minutes,
    )
    assert dry["people"] > 0 and dry["rows"] >= dry["people"]
    # An empty roster: nobody matched, nothing recorded, everyone but the host to review.
    hosts = sum(1 for person in report.participants if person.is_host)
    assert dry["matched"] == dry["guests"] == 0
    assert dry["needs_review"] == dry["people"] - hosts
    assert not Attendance.objects.exists()
    assert AttendanceImport.objects.filter(applied_at__isnull=False).count() == 2


@pytest.fixture
def lao_roster(network: Network, make_member: Callable[..., Member]) -> dict[str, Member]:
    hpa = Organisation.objects.create(network=network, name="ອົງການ ສຸຂະພາບ", acronym="HPA")
    return {
        "souksavanh": make_member(),  # ນາງ ສຸກສະຫວັນ ພົມມະຈັນ
        "noy_k": make_member(name="ນ້ອຍ ແກ້ວມະນີ", name_latin="Noy Keomany"),
        "noy_s": make_member(name="ນ້ອຍ ສີສຸກ", name_latin="Noy Sisouk", organisation=hpa),
        "kham": make_member(name="ຄຳ ວົງສາ", name_latin="Kham Vongsa", email="kham@cda.la"),
        "bounmy": make_member(name="ບຸນມີ ສີຫາລາດ", name_latin="Bounmy Sihalath"),
        "phone": make_member(name="ວັນນາ ພົມມະວົງ", name_latin="", phone="+8562055598765"),
    }


@pytest.mark.django_db
def test_lao_report_matches_the_roster_and_sends_the_uncertain_to_review(held, lao_roster):
    assert counts(held, LAO, "--dry-run") == {
        "format": "zoom_meeting",
        "rows": 8,
        "people": 7,  # the two "ນ້ອຍ" rows are one person
        "matched": 4,  # Souksavanh by name, Kham by email, Vanna by phone, "Sihalath, Bounmy"
        "needs_review": 2,  # "ນ້ອຍ" (two members) and "ແສງດາວ - HPA" (nobody)
        "guests": 0,
        "minutes": 367,
    }


@pytest.mark.django_db
def test_lao_report_through_the_web_review_and_reimport(organiser_client, held, lao_roster):
    kwargs = {"network": held.network.slug, "pk": held.pk}
    upload = organiser_client.post(
        reverse("participation:import_upload", kwargs=kwargs),
        {"file": SimpleUploadedFile(LAO.name, LAO.read_bytes(), content_type="text/csv")},
    )
    record = AttendanceImport.objects.get()
    assert upload["Location"].endswith(f"/import/{record.pk}/")
    review = reverse("participation:import_review", kwargs={**kwargs, "import_pk": record.pk})
    html = organiser_client.get(review).content.decode()
    assert "ນ້ອຍ ແກ້ວມະນີ" in html and "ນ້ອຍ ສີສຸກ" in html
    decide = reverse("participation:import_decide", kwargs={**kwargs, "import_pk": record.pk})
    names = [
        p.name
        for p in reports.read_report(LAO.read_bytes(), time_zone="Asia/Vientiane").participants
    ]
    noy, saengdao = names.index("ນ້ອຍ"), names.index("ແສງດາວ - HPA")

    organiser_client.post(decide, {"person": noy, "choice": str(lao_roster["noy_s"].pk)})
    organiser_client.post(decide, {"person": saengdao, "choice": "guest"})
    organiser_client.post(
        reverse("participation:import_preview", kwargs={**kwargs, "import_pk": record.pk})
    )
    first = recorded(held)
    counts(held, LAO)  # the same file again, from the command line

    assert recorded(held) == first
    assert len(first) == 6  # 5 members and 1 guest; the host's account is left out
    assert ("ນ້ອຍ ສີສຸກ", 52, "import") in first
    assert ("ແສງດາວ - HPA", 30, "import") in first
    assert MemberAlias.objects.count() == 2
