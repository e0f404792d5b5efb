"""The context of the plan document itself (``par plan``): the KH text and its appendices.

The YAML is the single source of the plan; this turns it back into the document, in the order
and wording of the original. Keys are documented in docs/mau-bao-cao.md ("Văn bản kế hoạch").
"""

from __future__ import annotations

from typing import Any

from vanthuy_cli.documents.officialdoc import letterhead_context, signer_context
from vanthuy_cli.documents.report import printable_deadline
from vanthuy_cli.plan.loaded import LoadedPlan


def build_plan_context(ws: LoadedPlan) -> dict[str, Any]:
    plan = ws.plan
    roster = ws.roster
    issued = plan.issued
    appendices = []
    for appendix, _file in ws.appendices:
        groups = []
        number = 0
        for group in appendix.groups:
            tasks = []
            for task in group.tasks:
                number += 1
                target = task.target
                deadline = ws.deadlines.get(task.id)
                tasks.append(
                    {
                        "no": number,
                        "id": task.id,
                        "text": task.text,
                        "criterion": task.criterion or "",
                        "lead": task.lead,
                        "lead_title": roster[task.lead].title if task.lead in roster else task.lead,
                        "support": ", ".join(
                            roster[s].title if s in roster else s for s in task.support
                        ),
                        "output": task.output or "",
                        "target_text": target.text() if target else "",
                        "deadline": task.deadline,
                        "deadline_text": printable_deadline(
                            task.deadline, deadline.due if deadline else None
                        ),
                    }
                )
            groups.append({"number": group.number, "title": group.title, "tasks": tasks})
        appendices.append(
            {
                "number": appendix.number,
                "title": appendix.title,
                "index": appendix.index or "",
                "sample": appendix.sample,
                "note": appendix.note or "",
                "groups": groups,
            }
        )
    return {
        "doc": {
            **letterhead_context(plan),
            "number": plan.number,
            "date": issued,
            "type": plan.doc_type,
            "subject": plan.subject,
            "recipients": list(plan.recipients),
            "signer": signer_context(plan.signer),
        },
        "plan": {
            "number": plan.number,
            "issued": issued,
            "year": plan.year,
            "theme": plan.theme or "",
            "note": plan.note or "",
        },
        "basis": [
            {"number": b.number, "issued": b.issued, "issuer": b.issuer, "subject": b.subject or ""}
            for b in plan.basis
        ],
        "preamble": list(plan.preamble),
        "purposes": [{"number": p.number, "text": p.text} for p in plan.purposes],
        "requirements": [{"number": p.number, "text": p.text} for p in plan.requirements],
        "sections": [
            {"number": s.number, "title": s.title, "paragraphs": list(s.paragraphs)}
            for s in plan.tasks_sections
        ],
        "implementation": list(plan.implementation),
        "closing": plan.closing or "",
        "appendices": appendices,
    }
