from __future__ import annotations

import pytest

from clinicaudit.config import Config, ConfigError


def test_config_file_and_flags(tmp_path):
    path = tmp_path / "clinicaudit.toml"
    path.write_text('[services]\nurls = ["/services/*"]\n[crawl]\nmax_pages = 50\n', encoding="utf-8")
    config = Config.load(path)
    config.set("crawl", "max_pages", 7)
    assert config.get("services", "urls") == ["/services/*"]
    assert config.scrapy_settings()["CLINICAUDIT_MAX_PAGES"] == 7


def test_clinic_facts_may_be_negative_within_their_range(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[clinic]\nlatitude = -33.87\nlongitude = -191\nprice_range = "$$"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="clinic.longitude must be between -180 and 180"):
        Config.load(path)
    path.write_text('[clinic]\nlatitude = -33.87\nlongitude = 151.21\nprice_range = "$$"\n', encoding="utf-8")
    assert Config.load(path).values["clinic"] == {"latitude": -33.87, "longitude": 151.21, "price_range": "$$"}


@pytest.mark.parametrize("text, message", [
    ("[servces]\nurls = []\n", "unknown section [servces]"),
    ("[services]\nurl = []\n", "unknown key services.url"),
    ("[crawl]\nmax_pages = 'ten'\n", "crawl.max_pages must be a whole number"),
    ("[crawl]\nmax_pages = true\n", "crawl.max_pages must be a whole number, not a boolean"),
    ("[crawl\n", "not valid TOML"),
    ("[clinic]\nlatitude = 91.5\n", "clinic.latitude must be between -90 and 90, got 91.5"),
    ("[clinic]\nlongitude = '-113.5'\n", "clinic.longitude must be a number, got '-113.5'"),
])
def test_bad_config_fails_fast_naming_the_key(tmp_path, text, message):
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Config.load(path)


def test_cli_reports_config_error_without_traceback(tmp_path, cli):
    path = tmp_path / "c.toml"
    path.write_text("[crawl]\nmax_depth = -1\n", encoding="utf-8")
    run = cli("audit", "http://127.0.0.1:9/", "--out", str(tmp_path / "out"), "--config", str(path))
    assert run.returncode == 2
    assert "crawl.max_depth must not be negative" in run.stderr and "Traceback" not in run.stderr
