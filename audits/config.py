"""Rule configuration: the `[rules]` and `[ignore]` sections of clinicaudit.toml, checked against the registry.

    [rules]
    image-alt-generic = "off"                     # or "on", or a severity: "error" / "warning" / "notice"
    heading-order = { severity = "error" }
    image-alt-too-long = { max-length = 150 }     # a rule option, checked against the rule's declared options
    link-text = { ignore = ["/blog/*"] }          # URL path globs where the rule does not run
    [ignore]
    urls = ["/wp-admin/*"]                        # no rule runs on these paths
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from audits.rule import SEVERITIES


class RuleConfigError(ValueError):
    pass


@dataclass
class RuleSettings:
    enabled: bool = True
    severity: str | None = None
    ignore: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class AuditConfig:
    rules: dict[str, RuleSettings] = field(default_factory=dict)
    ignore_urls: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, values: dict[str, Any]) -> AuditConfig:
        from audits.registry import rules as registered

        known = registered()
        out: dict[str, RuleSettings] = {}
        for rule_id, value in (values.get("rules") or {}).items():
            if rule_id not in known:
                raise RuleConfigError(f"[rules] {rule_id}: no such rule (see `clinicaudit rules`)")
            meta = known[rule_id].meta
            settings = RuleSettings()
            if isinstance(value, str):
                value = {"on": {}, "off": {"enabled": False}}.get(value, {"severity": value})
            if not isinstance(value, dict):
                raise RuleConfigError(f"[rules] {rule_id}: expected \"on\", \"off\", a severity or a table")
            for key, option in value.items():
                if key == "enabled":
                    if not isinstance(option, bool):
                        raise RuleConfigError(f"[rules] {rule_id}.enabled must be true or false")
                    settings.enabled = option
                elif key == "severity":
                    if option not in SEVERITIES:
                        raise RuleConfigError(f"[rules] {rule_id}.severity must be one of {', '.join(SEVERITIES)}")
                    settings.severity = option
                elif key == "ignore":
                    if not isinstance(option, list) or not all(isinstance(p, str) for p in option):
                        raise RuleConfigError(f"[rules] {rule_id}.ignore must be a list of URL path globs")
                    settings.ignore = tuple(option)
                elif key in meta.options:
                    default = meta.options[key]
                    if type(option) is not type(default) and not (isinstance(default, float) and isinstance(option, int)):
                        raise RuleConfigError(f"[rules] {rule_id}.{key} must be of the type of its default "
                                              f"({default!r})")
                    settings.options[key] = option
                else:
                    allowed = ", ".join(["enabled", "severity", "ignore", *meta.options]) 
                    raise RuleConfigError(f"[rules] {rule_id}: unknown option {key!r} (allowed: {allowed})")
            out[rule_id] = settings
        ignore = (values.get("ignore") or {}).get("urls") or []
        return cls(rules=out, ignore_urls=tuple(ignore))

    def settings(self, rule_id: str) -> RuleSettings:
        return self.rules.get(rule_id) or RuleSettings()

    def states(self) -> dict[str, str]:
        """Every registered rule as this configuration runs it: `"off"`, or the severity of its findings."""
        from audits.registry import rules as registered

        out = {}
        for rule_id, rule in registered().items():
            settings = self.settings(rule_id)
            out[rule_id] = "off" if not settings.enabled else settings.severity or rule.meta.severity
        return out

    def options(self) -> dict[str, dict[str, Any]]:
        return {rule_id: s.options for rule_id, s in self.rules.items() if s.options}

    def applies(self, rule_id: str, url: str) -> bool:
        settings = self.settings(rule_id)
        if not settings.enabled:
            return False
        path = urlsplit(url).path or "/"
        return not any(fnmatch.fnmatchcase(path, p) for p in (*self.ignore_urls, *settings.ignore))
