"""What every official document par prints shares: the letterhead and the signature block.

Nghị định 30/2020/NĐ-CP (Phụ lục I) writes the issuing body *in full* in the letterhead, on as
many lines as its name needs ("ỦY BAN NHÂN DÂN" / "XÃ VẠN THỦY"); only a parent body may be
abbreviated, and a commune People's Committee prints none. The signature block stacks any number
of authority lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH") above the signer's position.
"""

from __future__ import annotations

from typing import Any

from vanthuy_cli.plan.records import Plan, Signer


def issuer_lines(plan: Plan) -> list[str]:
    """The issuing body as the letterhead prints it, one string per line, in capitals."""
    lines = plan.issuer_lines or [plan.issuer]
    return [line.upper() for line in lines]


def signer_context(signer: Signer) -> dict[str, Any]:
    """``authority`` is a list of lines (possibly empty), each in capitals."""
    return {
        "authority": [line.upper() for line in signer.authority],
        "position": signer.position.upper(),
        "name": signer.name,
    }


def letterhead_context(plan: Plan) -> dict[str, Any]:
    """The keys of ``doc`` that the letterhead uses, shared by the plan and its reports."""
    return {
        "parent_body": (plan.parent_body or "").upper(),
        "issuer": plan.issuer,
        "issuer_lines": issuer_lines(plan),
        "place": plan.place,
    }
