"""Demo library: slides (a small generated PDF), a recording link and notes on the latest held
hangouts of a demo network.

Called by `hangouts.network.demo.seed_demo` inside its transaction, after the programme. Two
queries whatever the number of hangouts (the hangouts, then one bulk insert); the PDFs go to the
default storage under random names, as uploads do. `reset_demo` deletes the rows with their
network; the demo's few small files stay in MEDIA_ROOT/library/ (harmless, a few KB).
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hangouts.accounts.models import User
from hangouts.library.models import PDF, Resource, random_file_name
from hangouts.network.models import Network
from hangouts.programme.models import Hangout

HANGOUTS = 3  # the latest held ones get resources

NOTES = """**ສິ່ງທີ່ພວກເຮົາໄດ້ຮຽນຮູ້**

1. ເລີ່ມຈາກບັນຫາຂອງຊຸມຊົນ, ບໍ່ແມ່ນຈາກໂຄງການ.
2. ແບ່ງປັນຂໍ້ມູນກັບອົງການນ້ອຍໆ ໃນແຂວງ.
3. ຕິດຕາມຜົນໃນກອງປະຊຸມຄັ້ງໜ້າ.

ເອກະສານເພີ່ມເຕີມ: [SUN Movement](https://scalingupnutrition.org/)
"""


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF saying `text` (ASCII) in Helvetica, with a correct cross-reference table."""
    safe = "".join(c for c in text if 32 <= ord(c) < 127).replace("\\", "").replace("(", "")
    safe = safe.replace(")", "")
    stream = f"BT /F1 18 Tf 40 780 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def seed_demo_library(network: Network, *, by: User) -> dict[str, int]:
    """Slides, a recording and notes for each of the network's latest held hangouts; members
    only for the notes of the latest. Returns {"resources": …}."""
    hangouts = list(Hangout.objects.for_network(network).past()[:HANGOUTS])
    rows: list[Resource] = []
    for index, hangout in enumerate(hangouts):
        content = tiny_pdf(f"Hangout {hangout.starts_at:%Y-%m-%d}: slides")
        slides = Resource(
            network=network,
            hangout=hangout,
            kind=Resource.Kind.SLIDES,
            title=f"ສະໄລດ໌: {hangout.title}",
            file_name=f"slides-{hangout.starts_at:%Y-%m-%d}.pdf",
            file_size=len(content),
            content_type=PDF,
            added_by=by,
            created_at=hangout.ends_at,
        )
        slides.file.name = default_storage.save(
            random_file_name(slides, slides.file_name), ContentFile(content)
        )
        recording = Resource(
            network=network,
            hangout=hangout,
            kind=Resource.Kind.RECORDING,
            title=f"ບັນທຶກວິດີໂອ: {hangout.title}",
            url=f"https://www.youtube.com/watch?v=demo{hangout.pk}",
            added_by=by,
            created_at=hangout.ends_at,
        )
        notes = Resource(
            network=network,
            hangout=hangout,
            kind=Resource.Kind.NOTES,
            title=f"ບົດສະຫຼຸບ: {hangout.title}",
            notes=NOTES,
            visibility=Resource.Visibility.MEMBERS if index == 0 else Resource.Visibility.PUBLIC,
            added_by=by,
            created_at=hangout.ends_at,
        )
        rows += [slides, recording, notes]
    for row in rows:
        row.search_text = row.search_key()  # bulk_create does not call save()
    Resource.objects.bulk_create(rows)
    return {"resources": len(rows)}
