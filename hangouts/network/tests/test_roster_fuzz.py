"""The roster importer under arbitrary and damaged files: a clear answer, never a crash, and
all or nothing (a small example count in `make test`, many in `make bench`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hangouts.accounts.models import User
from hangouts.network.actions import RosterImportError, import_roster
from hangouts.network.models import Member, Network, Organisation, RosterImport

DATA = Path(__file__).parent / "data"
FIXTURES = [DATA / "roster_good.csv", DATA / "roster_bad.csv"]
# Hypothesis runs many examples in one test (one database): each example rolls back.
EXAMPLES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def import_once(network: Network, organiser: User, content: bytes, name: str) -> None:
    """Import the file in a transaction that is rolled back, checking all or nothing."""
    with transaction.atomic():
        members, organisations = Member.objects.count(), Organisation.objects.count()
        roster_import = RosterImport.objects.create(
            network=network, uploaded_by=organiser, file_name=name, content=content
        )
        try:
            with transaction.atomic():
                plan = import_roster(roster_import)
        except RosterImportError as refused:
            message = refused.plan.file_error or str(refused)
            assert str(message).strip()  # a message a person can read
            assert Member.objects.count() == members  # nothing half-written
            assert Organisation.objects.count() == organisations
        else:
            added = Member.objects.count() - members
            assert added == len(plan.creates)
        transaction.set_rollback(True)


@pytest.mark.fuzz
@pytest.mark.django_db
@EXAMPLES
@given(content=st.binary(max_size=2000), name=st.sampled_from(["roster.csv", "roster.xlsx", ""]))
def test_import_roster_answers_arbitrary_bytes_with_a_message_or_a_whole_import(
    network: Network, organiser: User, content: bytes, name: str
) -> None:
    import_once(network, organiser, content, name)


@pytest.mark.fuzz
@pytest.mark.django_db
@EXAMPLES
@given(
    path=st.sampled_from(FIXTURES),
    edits=st.lists(st.tuples(st.integers(min_value=0), st.binary(max_size=6)), max_size=6),
    cut=st.integers(min_value=0),
)
def test_import_roster_answers_damaged_rosters_with_a_message_or_a_whole_import(
    network: Network, organiser: User, path: Path, edits: list[tuple[int, bytes]], cut: int
) -> None:
    data = bytearray(path.read_bytes())
    for position, replacement in edits:
        at = position % (len(data) + 1)
        data[at : at + len(replacement)] = replacement
    data = data[: len(data) - cut % 40]
    import_once(network, organiser, bytes(data), path.name)
