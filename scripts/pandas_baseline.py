"""The benchmark's baseline: a vectorised pandas + numpy script doing rightsguard's scoring work.

Reads a canonical dispute CSV, audits the evidence against the rules table,
computes the model's features, the logistic probability and each factor's
points, writes the top factor up and down as the explanation, prices the
three options and writes the result as CSV. No validation: the baseline
trusts its input, which rightsguard never does. The model's parameters come
from a JSON file the benchmark exports (so that this script imports no
scikit-learn).

Run by ``scripts/benchmark.py``: python scripts/pandas_baseline.py IN.csv OUT.csv MODEL.json
"""

from __future__ import annotations

import json
import sys

import numpy as np
import pandas as pd

POINTS = 20 / np.log(2)


def main(source: str, output: str, parameters: str) -> None:
    model = json.loads(open(parameters, encoding="utf-8").read())
    frame = pd.read_csv(source, dtype=str, keep_default_na=True)
    reason, goods = frame["reason"], frame["goods_received"].map({"true": True, "false": False})
    required = _required(model["rules"], reason, goods, model["vouchers"])
    flags = {v: frame[f"evidence_{v}"].map({"true": True, "false": False}) for v in model["vouchers"]}
    held = np.column_stack([required[v] & (flags[v] == True) for v in model["vouchers"]])  # noqa: E712
    need = np.column_stack([required[v] for v in model["vouchers"]])
    completeness = np.where(need.sum(1) > 0, held.sum(1) / np.maximum(need.sum(1), 1), 0.0)
    amount = pd.to_numeric(frame["amount"], errors="coerce")
    hours = pd.to_numeric(frame["seller_response_hours"], errors="coerce")
    opened = pd.to_datetime(frame["opened_at"], format="ISO8601")
    paid = pd.to_datetime(frame["paid_at"], format="ISO8601")
    days = ((opened - paid).dt.total_seconds() / 86_400).clip(lower=0)
    columns = {
        **{f"reason={r}": reason == r for r in model["reasons"]},
        "goods=received": goods == True,  # noqa: E712
        "goods=not_received": goods == False,  # noqa: E712
        "goods=unknown": goods.isna(),
        **{f"refund_type={t}": frame["refund_type"] == t for t in model["refund_types"]},
        **{f"{v}=held": required[v] & (flags[v] == True) for v in model["vouchers"]},  # noqa: E712
        **{f"{v}=unknown": required[v] & flags[v].isna() for v in model["vouchers"]},
        "evidence_completeness": completeness,
        "log_response_hours": np.log1p(hours).fillna(0),
        "response_hours=unknown": hours.isna(),
        "log_amount": np.log1p(amount).fillna(0),
        "amount=unknown": amount.isna(),
        "instant_response=yes": frame["instant_response"] == "true",
        "instant_response=unknown": frame["instant_response"].isna(),
        "after_sale=yes": frame["after_sale"] == "true",
        "after_sale=unknown": frame["after_sale"].isna(),
        "log_days_since_payment": np.log1p(days).fillna(0),
        "days_since_payment=unknown": days.isna(),
        **{f"category={c}": frame["category"] == c for c in model["categories"]},
    }
    X = np.column_stack(
        [np.asarray(columns.get(name, np.zeros(len(frame))), dtype=float) for name in model["features"]]
    )
    coef, means = np.array(model["coef"]), np.array(model["means"])
    p = 1 / (1 + np.exp(-(X @ coef + model["intercept"])))
    factors = list(dict.fromkeys(model["factors"]))
    membership = np.array([[f == g for g in factors] for f in model["factors"]], dtype=float)
    points = ((X - means) * coef) @ membership * POINTS
    up, down = points.argmax(1), points.argmin(1)
    names = np.array(factors, dtype=object)
    explanation = (
        "raised by: "
        + names[up]
        + " (+"
        + points.max(1).round().astype(int).astype(str)
        + " pts); lowered by: "
        + names[down]
        + " ("
        + points.min(1).round().astype(int).astype(str)
        + " pts)"
    )
    win = 1 / (1 + np.exp(-(model["ruling"][0] + model["ruling"][1] * completeness)))
    costs = _costs(amount.to_numpy(), p, win, _shares(reason, goods, model["refund_shares"]), model["policy"])
    option = np.array(["refund_now", "negotiate", "escalate"])[
        np.argmin(
            np.column_stack(
                [
                    costs["refund_now"],
                    costs["negotiate"],
                    np.where(win >= model["policy"]["min_win_probability"], costs["escalate"], np.inf),
                ]
            ),
            axis=1,
        )
    ]
    frame = frame.assign(
        evidence_completeness=completeness,
        p_negotiated=p,
        explanation=explanation,
        p_win_ruling=win,
        **{f"cost_{k}": v.round(2) for k, v in costs.items()},
        recommendation=option,
    )
    frame.to_csv(output, index=False)


def _required(
    rules: list[dict], reason: pd.Series, goods: pd.Series, vouchers: list[str]
) -> dict[str, np.ndarray]:
    """Per voucher, whether each dispute needs it (unknown goods status needs either side's)."""
    out = {v: np.zeros(len(reason), dtype=bool) for v in vouchers}
    for rule in rules:
        reason_ok = np.ones(len(reason), bool) if rule["reason"] is None else (reason == rule["reason"])
        goods_ok = (
            np.ones(len(reason), bool)
            if rule["goods_received"] is None
            else (goods == rule["goods_received"]) | goods.isna()
        )
        out[rule["voucher"]] |= np.asarray(reason_ok & goods_ok)
    return out


def _shares(reason: pd.Series, goods: pd.Series, shares: dict) -> np.ndarray:
    """The share a settlement refunds, by reason and goods status (the shop's overall share elsewhere)."""
    cells = {f"{r}|{'?' if g is None else g}": share for r, g, share in shares["cells"]}
    key = reason.astype(str) + "|" + goods.map({True: "True", False: "False"}).fillna("?")
    return key.map(cells).fillna(shares["overall"]).to_numpy(dtype=float)


def _costs(
    amount: np.ndarray, p: np.ndarray, win: np.ndarray, share: np.ndarray, policy: dict
) -> dict[str, np.ndarray]:
    refund = amount + policy["refund_handling"]
    escalate = (
        (1 - win) * (amount + policy["ruling_against_penalty"])
        + policy["escalation_handling"]
        + policy["escalation_delay"]
    )
    negotiate = policy["negotiation_handling"] + p * share * amount + (1 - p) * np.minimum(escalate, refund)
    return {"refund_now": refund, "negotiate": negotiate, "escalate": escalate}


if __name__ == "__main__":
    main(*sys.argv[1:4])
