"""The SLA Performance Evaluator ("Slappy"): contractual SLAs, their periods, what counts
against them, credits, and the reports operators claim credits from.

Modules by responsibility: ``documents`` (the SLA YAML documents), ``periods`` (SLA
intervals in the SLA's own zone), ``counting`` (interval arithmetic), ``credits``,
``codeclasses`` (SLA algorithms, plugins of the ``mnp.sla`` entry-point group),
``evaluator`` (against the database) and ``reports``.
"""
