"""The weekly digest for BD teams: select and rank the week's stories, render them, deliver them by e-mail.

- `teams.py` (teams.yaml), `weeks.py` (ISO weeks), `regions.py` (countries → regions);
- `compose.py` reads the warehouse once per week and assembles each team's `content.Digest` with the pure
  functions of `selection.py` (team filters), `ranking.py` (significance), `figures.py` (the week's numbers and
  trend), `summaries.py` (one-line summaries, safe links) and `profiles.py` (company profiles);
- `render.py` + `templates/` (HTML, plain text, Markdown) and `chart.py` (the PNG) present it;
- `message.py` builds the MIME message, `smtp.py` sends it, `delivery.py` keeps the send-once bookkeeping in
  the warehouse's `digests` table.
"""
