from __future__ import annotations

import pytest

from hangouts.accounts.models import User
from hangouts.network.demo import LAO_SLUG, seed_demo
from hangouts.network.models import Member, Network
from hangouts.participation.attendance_import import (
    Decision,
    ImportPlan,
    apply_attendance_import,
    decide_person,
    plan_import,
)
from hangouts.participation.models import Attendance, AttendanceImport
from hangouts.programme.models import Hangout


@pytest.fixture
def lao(db: None) -> Network:
    seed_demo()
    return Network.objects.get(slug=LAO_SLUG)


def not_in_plan(plan: ImportPlan, members: list[Member]) -> Member:
    matched = {person.member.pk for person in plan.matched if person.member is not None}
    return next(member for member in members if member.pk not in matched)


@pytest.mark.django_db
def test_demo_imports_the_latest_hangouts_reports_with_people_left_for_review(lao):
    latest = list(Hangout.objects.for_network(lao).past()[:2])
    records = list(AttendanceImport.objects.filter(hangout__in=latest))
    assert {record.hangout_id for record in records} == {hangout.pk for hangout in latest}
    for record in records:
        assert record.applied_at is not None
        assert record.format == "zoom_meeting"
        plan = plan_import(record.hangout, bytes(record.content))
        assert plan.summary()["needs_review"] == record.summary["needs_review"] == 3
        assert plan.matched and plan.guests and plan.hosts
        names = [person.participant.name for person in plan.needs_review]
        assert any(name.startswith("020 5551 ") for name in names)  # a phone on no record
        first_names = [p for p in plan.needs_review if " " not in p.participant.name]
        assert len(first_names) == 1 and len(first_names[0].candidates) >= 2  # shared
        # Those waiting for review are not counted as attending yet.
        imported = Attendance.objects.filter(attendance_import=record)
        assert imported.count() == len(plan.matched) + len(plan.guests)


@pytest.mark.django_db
def test_demo_import_review_resolves_every_uncertain_person(lao):
    organiser = User.objects.get(email="organiser@sun-csa-lao.example.org")
    record = AttendanceImport.objects.filter(hangout__network=lao).first()
    assert record is not None
    plan = plan_import(record.hangout, bytes(record.content))
    before = Attendance.objects.filter(hangout=record.hangout).count()
    assert len(plan.needs_review) == 3
    roster = list(Member.objects.filter(network=lao, is_active=True).order_by("pk"))
    for person in plan.needs_review:
        member: Member | None
        if person.candidates:  # the shared first name: the organiser knows which one came
            decision = Decision.MEMBER
            member = not_in_plan(plan, [c.member for c in person.candidates])
        elif "(" in person.participant.name:  # the nickname: a colleague they know
            decision, member = Decision.MEMBER, not_in_plan(plan, roster)
        else:  # the unknown phone: a guest
            decision, member = Decision.GUEST, None
        decide_person(record, index=person.index, decision=decision, by=organiser, member=member)
    assert plan_import(record.hangout, bytes(record.content)).summary()["needs_review"] == 0
    applied = apply_attendance_import(record, by=organiser)
    assert applied.summary()["needs_review"] == 0
    assert Attendance.objects.filter(hangout=record.hangout).count() == before + 3


@pytest.mark.django_db
def test_demo_seeds_feedback_from_attendees_of_the_imported_hangouts(lao):
    from hangouts.participation.feedback import feedback_summary
    from hangouts.participation.models import Feedback

    latest = list(Hangout.objects.for_network(lao).past()[:2])
    rows = list(Feedback.objects.filter(hangout__network=lao))
    assert rows and {row.hangout_id for row in rows} == {hangout.pk for hangout in latest}
    came = set(Attendance.objects.filter(hangout__in=latest).values_list("hangout_id", "member_id"))
    assert all((row.hangout_id, row.member_id) in came for row in rows)
    assert any(row.anonymous for row in rows) and not all(row.anonymous for row in rows)
    summary = feedback_summary(latest[0])
    assert all(line.name == "" for line in summary.lines if line.anonymous)
