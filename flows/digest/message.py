"""The digest as one MIME message: plain text and HTML alternatives, the chart inline by Content-ID.

    multipart/alternative
    ├── text/plain            (read by clients that show no HTML)
    └── multipart/related
        ├── text/html         (<img src="cid:…">)
        └── image/png         (the trend chart; absent in a quiet week)
"""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from uuid import uuid4

from flows.digest.render import CHART_CID, RenderedDigest
from flows.digest.summaries import one_line


def build_message(rendered: RenderedDigest, sender: str, recipients: list[str], sent_at: datetime,
                  team: str, week: str) -> EmailMessage:
    """A ready-to-send message. Recipients go in To: — BD teams see who else got their digest."""
    message = EmailMessage()
    message["Subject"] = one_line(rendered.subject)  # crawled text in a header: never a line break
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(sent_at)
    # Short enough never to be folded: some servers and clients mangle a folded Message-ID.
    message["Message-ID"] = f"<{uuid4().hex}.{week.lower()}@{_domain(sender)}>"
    # Mail clients use these to group the weekly issues and to tell automated mail from personal mail.
    message["X-Radar-Team"] = team
    message["X-Radar-Week"] = week
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(rendered.text, subtype="plain", charset="utf-8")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8")
    if rendered.chart_png is not None:
        html_part = message.get_payload()[1]
        html_part.add_related(rendered.chart_png, maintype="image", subtype="png", cid=f"<{CHART_CID}>",
                              filename="trend.png", disposition="inline")
    return message


def _domain(sender: str) -> str:
    address = sender.rsplit("<", 1)[-1].rstrip(">").strip()
    try:
        return Address(addr_spec=address).domain or "cdmo-radar.local"
    except (ValueError, IndexError):
        return "cdmo-radar.local"
