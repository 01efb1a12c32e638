"""Per-site configuration: `clinicaudit.toml` (or the file named by --config), then command-line flags.

docs/configuration.md documents every key. Unknown sections and keys fail fast with a message naming them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_FILE = "clinicaudit.toml"

# section → key → (type, Scrapy setting it maps to or None)
KEYS: dict[str, dict[str, tuple[type | tuple[type, ...], str | None]]] = {
    "site": {"url": (str, "CLINICAUDIT_SITE_URL"), "extra_hosts": (list, "CLINICAUDIT_EXTRA_HOSTS")},
    "services": {"urls": (list, None), "exclude": (list, None), "name_selector": (str, None)},
    "conditions": {"heading": (list, None), "selector": (str, None)},
    "report": {"formats": (list, None)},
    "history": {"db": (str, None)},
    # Facts about the clinic that its site does not publish; `export --format jsonld` adds them (docs/export.md).
    "clinic": {"latitude": ((int, float), None), "longitude": ((int, float), None), "price_range": (str, None)},
    "gate": {"fail_on": (str, None), "suppressions": (str, None), "min_score": (list, None)},
    # Headless rendering of script-built pages (docs/rendering.md); the CLI's --render flags set these.
    "render": {
        "mode": (str, "CLINICAUDIT_RENDER"),
        "chromium": (str, None),
        "timeout": ((int, float), "CLINICAUDIT_RENDER_TIMEOUT"),
        "concurrency": (int, None),
    },
    "crawl": {
        "max_pages": (int, "CLINICAUDIT_MAX_PAGES"),
        "max_depth": (int, "CLINICAUDIT_MAX_DEPTH"),
        "max_redirects": (int, "CLINICAUDIT_MAX_REDIRECTS"),
        "max_per_pattern": (int, "CLINICAUDIT_MAX_PER_PATTERN"),
        "obey_robots": (bool, "ROBOTSTXT_OBEY"),
        "timeout": ((int, float), "DOWNLOAD_TIMEOUT"),
        "max_size": (int, "DOWNLOAD_MAXSIZE"),
        "retries": (int, "RETRY_TIMES"),
        "max_retry_after": ((int, float), "CLINICAUDIT_MAX_RETRY_AFTER"),
        "concurrency": (int, "CONCURRENT_REQUESTS_PER_DOMAIN"),
        "delay": ((int, float), "DOWNLOAD_DELAY"),
        "user_agent": (str, "USER_AGENT"),
        "include": (list, "CLINICAUDIT_INCLUDE"),
        "exclude": (list, "CLINICAUDIT_EXCLUDE"),
        "sitemap_only": (bool, "CLINICAUDIT_SITEMAP_ONLY"),
        "urls": (list, "CLINICAUDIT_URLS"),
    },
}


# Numbers that may be negative, with the range they must be in; every other number must not be negative.
RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("clinic", "latitude"): (-90, 90),
    ("clinic", "longitude"): (-180, 180),
}


# Strings that must be one of a few words.
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {("render", "mode"): ("none", "js", "auto")}


class ConfigError(ValueError):
    """A configuration file or flag that cannot be used; the message names the key."""


@dataclass
class Config:
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: str | None = None

    @classmethod
    def load(cls, path: str | Path | None = None) -> Config:
        """The named file, else `clinicaudit.toml` in the current folder, else defaults."""
        if path is None:
            if not Path(DEFAULT_FILE).is_file():
                return cls()
            path = DEFAULT_FILE
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: no such configuration file") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the configuration file: {exc.strerror or exc}") from None
        return cls(values=validate(data, str(path)), source=str(path))

    def set_rule(self, rule_id: str, value: Any) -> None:
        """`--rule ID=off|on|SEVERITY`: wins over the file."""
        rules = {**self.values.get("rules", {}), rule_id: value}
        validate({"rules": rules}, "command line")
        self.values["rules"] = rules

    def set(self, section: str, key: str, value: Any) -> None:
        """A command-line flag: it wins over the file."""
        if value is None:
            return
        validate({section: {key: value}}, "command line")
        self.values.setdefault(section, {})[key] = value

    def get(self, section: str, key: str, default: Any = None) -> Any:
        return self.values.get(section, {}).get(key, default)

    def scrapy_settings(self) -> dict[str, Any]:
        out = {}
        for section, keys in KEYS.items():
            for key, (_, setting) in keys.items():
                if setting and key in self.values.get(section, {}):
                    out[setting] = self.values[section][key]
        if "concurrency" in self.values.get("crawl", {}):
            out["CONCURRENT_REQUESTS"] = max(self.values["crawl"]["concurrency"], 1) * 2
        return out

    def as_dict(self) -> dict[str, Any]:
        return {section: dict(keys) for section, keys in self.values.items()}


# Sections checked against the rule registry instead of KEYS (audits/config.py).
RULE_SECTIONS = ("rules", "ignore")


def validate(data: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    rule_sections = {k: v for k, v in data.items() if k in RULE_SECTIONS}
    if rule_sections:
        from audits.config import AuditConfig, RuleConfigError

        try:
            AuditConfig.from_config(rule_sections)
        except RuleConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        out.update(rule_sections)
    for section, keys in data.items():
        if section in RULE_SECTIONS:
            continue
        if section not in KEYS:
            raise ConfigError(f"{where}: unknown section [{section}] (known: {', '.join([*KEYS, *RULE_SECTIONS])})")
        if not isinstance(keys, dict):
            raise ConfigError(f"{where}: [{section}] must be a table")
        for key, value in keys.items():
            if key not in KEYS[section]:
                raise ConfigError(f"{where}: unknown key {section}.{key} (known: {', '.join(KEYS[section])})")
            expected = KEYS[section][key][0]
            if isinstance(value, bool) and expected is not bool:
                raise ConfigError(f"{where}: {section}.{key} must be {_name(expected)}, not a boolean")
            if not isinstance(value, expected):
                raise ConfigError(f"{where}: {section}.{key} must be {_name(expected)}, got {value!r}")
            if expected is list and not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: {section}.{key} must be a list of strings")
            if (section, key) in CHOICES and value not in CHOICES[(section, key)]:
                raise ConfigError(f"{where}: {section}.{key} must be one of {', '.join(CHOICES[(section, key)])}, "
                                  f"got {value!r}")
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                low, high = RANGES.get((section, key), (0, float("inf")))
                if not low <= value <= high:
                    wanted = f"be between {low} and {high}" if (section, key) in RANGES else "not be negative"
                    raise ConfigError(f"{where}: {section}.{key} must {wanted}, got {value!r}")
            out.setdefault(section, {})[key] = value
    return out


def _name(expected: type | tuple[type, ...]) -> str:
    names = {str: "a string", list: "a list", int: "a whole number", bool: "true or false", float: "a number"}
    if expected == (int, float):
        return "a number"
    if isinstance(expected, tuple):
        return " or ".join(names[t] for t in expected)
    return names[expected]
