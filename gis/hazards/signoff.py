"""Sign-off chains (三查三签字): which signatures a hazard needs, in which order, and which it lacks.

A chain is data (resources/signoff_chains.yaml, two built-in variants of seed 001 §2.5); a project
picks one, or defines its own, in its setting "hazard_signoff". The functions below are pure: they take
the chain and the roles that have signed (from the hazard's "sign" events).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from gis import vocab
from gis.errors import ValidationError
from gis.paths import RESOURCES

SETTING = "hazard_signoff"


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    signers: tuple[str, ...]
    en: str = ""            # the window in English (a project's own chain may have none: then the Chinese)

    def name(self, lang: str = "zh") -> str:
        return vocab.text({"label": self.label, "en": self.en}, lang)


@dataclass(frozen=True)
class Chain:
    key: str
    label: str
    steps: tuple[Step, ...]
    grades: tuple[str, ...] | None = None  # None: every grade
    en: str = ""

    def name(self, lang: str = "zh") -> str:
        return vocab.text({"label": self.label, "en": self.en}, lang)

    def applies_to(self, grade: str) -> bool:
        return self.grades is None or grade in self.grades

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(r for step in self.steps for r in step.signers)


@lru_cache(maxsize=1)
def _builtin() -> dict[str, Any]:
    with open(RESOURCES / "signoff_chains.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def builtin_chains() -> dict[str, dict]:
    return _builtin()["chains"]


def role_label(role: str | None, lang: str = "zh") -> str:
    return vocab.label("roles", role, lang) if role else ""


def make_chain(config: dict[str, Any] | None) -> Chain:
    """A chain from a project setting: {chain: KEY | {label, steps}, grades: [...] | None}."""
    config = {**_builtin()["default"], **(config or {})}
    spec = config["chain"]
    if isinstance(spec, str):
        if spec not in builtin_chains():
            raise ValidationError(f"未知的签字流程“{spec}”，可选：{'、'.join(builtin_chains())}",
                                  en=f"Unknown sign-off chain \"{spec}\"; choose from: {', '.join(builtin_chains())}")
        key, spec = spec, builtin_chains()[spec]
    else:
        key = spec.get("key", "custom")
    steps = tuple(Step(st["key"], st["label"], tuple(st["signers"]), st.get("en", "")) for st in spec["steps"])
    if not steps or any(not st.signers for st in steps):
        raise ValidationError("签字流程至少要有一个环节，每个环节至少一名签字人",
                              en="A sign-off chain needs at least one step, each with at least one signer")
    grades = config.get("grades")
    return Chain(key, spec["label"], steps, tuple(grades) if grades is not None else None, spec.get("en", ""))


def lacking(chain: Chain, signed: Iterable[str]) -> list[tuple[Step, tuple[str, ...]]]:
    """Steps not yet complete, in order, each with the signer roles it still lacks."""
    done = set(signed)
    out = []
    for step in chain.steps:
        missing = tuple(r for r in step.signers if r not in done)
        if missing:
            out.append((step, missing))
    return out


def describe_lacking(chain: Chain, signed: Iterable[str], lang: str = "zh") -> list[str]:
    """Text per lacking step, e.g. '企业自查（分管负责人、安全员）' (English: 'Enterprise self-check (Deputy in
    charge of safety, Safety officer)')."""
    out = []
    for step, missing in lacking(chain, signed):
        if len(step.signers) == 1:
            out.append(step.name(lang))
        elif lang == "en":
            out.append(f"{step.name(lang)} ({', '.join(role_label(r, lang) for r in missing)})")
        else:
            out.append(f"{step.label}（{'、'.join(role_label(r) for r in missing)}）")
    return out


def sign_refusal(chain: Chain, signed: Iterable[str], role: str | None, lang: str = "zh") -> str | None:
    """Why `role` may not sign now (None when it may), in `lang`: steps are signed in order, each role once."""
    done, en = set(signed), lang == "en"
    if not role:
        return (f"A signature needs the role it is signed in; choose from: "
                f"{', '.join(role_label(r, lang) for r in chain.roles)}" if en else
                f"签字须注明签字身份，可选：{'、'.join(role_label(r) for r in chain.roles)}")
    if role not in chain.roles:
        return (f"\"{role_label(role, lang)}\" is not in this project's sign-off chain ({chain.name(lang)})" if en
                else f"“{role_label(role)}”不在本项目的签字流程（{chain.label}）中")
    if role in done:
        return f"\"{role_label(role, lang)}\" has already signed" if en else f"“{role_label(role)}”已经签过字"
    pending = lacking(chain, done)
    current = pending[0][0]
    if role not in current.signers:
        return (f"Signatures go in order: \"{current.name(lang)}\" comes first "
                f"({', '.join(role_label(r, lang) for r in pending[0][1])})" if en else
                f"须按顺序签字：当前应完成“{current.label}”（{'、'.join(role_label(r) for r in pending[0][1])}）")
    return None
