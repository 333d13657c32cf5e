"""Roster import: preview, row-level errors, all or nothing, conflicts never merged."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from hangouts.network.models import Member, Organisation
from hangouts.network.roster import apply_roster, plan_roster

DATA = Path(__file__).parent / "data"


def csv_bytes(*lines: str) -> bytes:
    return "\n".join(lines).encode()


@pytest.mark.django_db
def test_plan_roster_previews_new_updated_and_new_organisations(network, member):
    with translation.override("en"):
        plan = plan_roster(network, (DATA / "roster_good.csv").read_bytes(), "roster_good.csv")
    assert plan.is_valid
    assert [r.values["name"] for r in plan.creates] == ["ນາງ ບົວພັນ ສີສຸວັນ", "ທ້າວ ວິໄລ ແສງທອງ"]
    assert [r.member for r in plan.updates] == [member]
    with translation.override("en"):  # the preview reads in the organiser's language
        assert plan.updates[0].labelled_changes() == [
            ("gender", "", "Female"),
            ("language", "Lao", "English"),
        ]
    assert plan.new_organisations == ["ກຸ່ມຊາວໜຸ່ມອາສາ ສະຫວັນນະເຂດ"]
    assert Member.objects.count() == 1  # a preview writes nothing


@pytest.mark.django_db
def test_apply_roster_creates_and_updates_members(network, member):
    plan = plan_roster(network, (DATA / "roster_good.csv").read_bytes())
    assert apply_roster(network, plan)["created"] == 2
    vilay = Member.objects.get(name_latin="Vilay Sengthong")
    assert vilay.phone == "+8562055510002"
    assert vilay.organisation.name == "ກຸ່ມຊາວໜຸ່ມອາສາ ສະຫວັນນະເຂດ"
    assert vilay.province.code == "LA-SV"
    assert vilay.staff_level.seniority == "junior"
    assert vilay.consent_to_contact is True
    member.refresh_from_db()
    assert member.language == "en"
    assert member.phone == "+8562055512345"  # an empty cell changes nothing


@pytest.mark.django_db
def test_plan_roster_reports_every_bad_row_with_its_number_in_lao(network, organisation):
    with translation.override("lo"):
        plan = plan_roster(network, (DATA / "roster_bad.csv").read_bytes())
    assert not plan.is_valid
    assert [row.number for row in plan.errors] == [3, 4]
    assert len(plan.errors[1].problems) == 5  # province, staff level, phone, email, consent
    assert all(any("\u0e80" <= ch <= "\u0eff" for ch in p) for p in plan.errors[1].problems)


@pytest.mark.django_db
def test_import_command_with_a_bad_row_imports_nothing_and_fails(network, organisation, capsys):
    with pytest.raises(CommandError):
        call_command("import_members", network.slug, str(DATA / "roster_bad.csv"))
    assert Member.objects.count() == 0
    errors = capsys.readouterr().err
    assert "row 3:" in errors and "row 4:" in errors


@pytest.mark.django_db
def test_import_command_dry_run_writes_nothing(network, organisation, capsys):
    call_command("import_members", network.slug, str(DATA / "roster_good.csv"), "--dry-run")
    assert Member.objects.count() == 0
    assert "created 3" in capsys.readouterr().out


@pytest.mark.django_db
def test_import_command_imports_a_good_file(network, organisation):
    call_command("import_members", network.slug, str(DATA / "roster_good.csv"))
    assert Member.objects.count() == 3
    assert Organisation.objects.filter(network=network).count() == 2


@pytest.mark.django_db
def test_import_command_refuses_a_missing_file_and_an_unknown_network(network):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_members", network.slug, "/nonexistent.csv")
    with pytest.raises(CommandError, match="No network"):
        call_command("import_members", "nowhere", str(DATA / "roster_good.csv"))


@pytest.mark.django_db
def test_a_row_matching_two_members_is_a_conflict_and_never_merged(network, make_member):
    a = make_member(name="ທ້າວ ກ", phone="+8562055599999")
    b = make_member(name="ນາງ ຂ", phone="+8562055599999")  # a shared office phone
    plan = plan_roster(network, csv_bytes("name,phone", "ທ້າວ ຄ,020 5559 9999"))
    assert plan.is_valid and [r.number for r in plan.conflicts] == [2]
    apply_roster(network, plan)
    assert set(Member.objects.values_list("name", flat=True)) == {a.name, b.name}


@pytest.mark.django_db
def test_a_row_matching_one_member_by_email_and_another_by_phone_is_a_conflict(
    network, make_member
):
    make_member(name="ທ້າວ ກ", email="a@example.org")
    make_member(name="ນາງ ຂ", phone="+8562055599999")
    plan = plan_roster(network, csv_bytes("name,email,phone", "X,a@example.org,02055599999"))
    assert len(plan.conflicts) == 1 and not plan.updates and not plan.creates


@pytest.mark.django_db
def test_two_rows_matching_the_same_member_make_the_second_a_conflict(network, member):
    plan = plan_roster(
        network,
        csv_bytes("name,email", "A,souksavanh@example.org", "B,souksavanh@example.org"),
    )
    assert [r.number for r in plan.updates] == [2]
    assert [r.number for r in plan.conflicts] == [3]


@pytest.mark.django_db
def test_an_update_brings_a_deactivated_member_back(network, member):
    member.deactivate()
    plan = plan_roster(network, csv_bytes("name,email", f"{member.name},souksavanh@example.org"))
    apply_roster(network, plan)
    member.refresh_from_db()
    assert member.is_active


@pytest.mark.django_db
def test_plan_roster_reads_lao_headers_and_xlsx(network):
    book = Workbook()
    book.active.append(["ຊື່", "ເບີໂທ", "ເພດ"])
    book.active.append(["ນາງ ແກ້ວ", "02055510009", "ຍິງ"])
    buffer = io.BytesIO()
    book.save(buffer)
    plan = plan_roster(network, buffer.getvalue(), "ລາຍຊື່.xlsx")
    assert plan.creates[0].values == {
        "name": "ນາງ ແກ້ວ",
        "phone": "+8562055510009",
        "gender": "female",
    }


@pytest.mark.django_db
def test_plan_roster_explains_a_file_without_a_name_column(network):
    with translation.override("en"):
        plan = plan_roster(network, csv_bytes("email", "a@example.org"))
    assert "name" in plan.file_error
    assert not plan.is_valid
    with pytest.raises(ValueError, match="invalid"):
        apply_roster(network, plan)
