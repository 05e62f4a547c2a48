"""Workshop tools: session logs, the debrief and group reports (no Textual; Rich only in the terminal report).

Facilitators run patrolday with groups (one projector, or everyone on their own device)
and talk about it afterwards. This package records what each session chose, in
anonymous JSON files, and turns those files into a debrief and a report. The Textual
player, the plain player and the command line all share it; nothing here imports
Textual, and only the report's terminal view touches Rich.
"""
