"""The clinicaudit add-on: switches on its components in one place, so `scrapy crawl site` and the CLI run the
same stack."""

from __future__ import annotations

from scrapy.settings import BaseSettings


class ClinicAudit:
    def update_settings(self, settings: BaseSettings) -> None:
        settings["DOWNLOADER_MIDDLEWARES"] = {
            **settings.getdict("DOWNLOADER_MIDDLEWARES"),
            "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
            "clinicaudit.middlewares.OriginMiddleware": 50,
            "clinicaudit.access.AccessMiddleware": 60,
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "clinicaudit.middlewares.RFC9309RobotsTxtMiddleware": 100,
            "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "clinicaudit.middlewares.RetryAfterMiddleware": 550,
        }
        settings["SPIDER_MIDDLEWARES"] = {
            **settings.getdict("SPIDER_MIDDLEWARES"),
            # The spider keeps its own depth (sitemap URLs are depth 1, whatever the sitemap nesting).
            "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
            "clinicaudit.middlewares.ReadFailureMiddleware": 950,
        }
        settings["ITEM_PIPELINES"] = {
            **settings.getdict("ITEM_PIPELINES"),
            "clinicaudit.pipelines.ReadPipeline": 100,
            "clinicaudit.pipelines.StorePipeline": 900,
        }
        # Only http(s) is ever fetched: no file:, data:, ftp: or s3: (a redirect to file:/// must not read disk).
        settings["DOWNLOAD_HANDLERS"] = {
            **settings.getdict("DOWNLOAD_HANDLERS"), "file": None, "data": None, "ftp": None, "s3": None,
        }
        settings.set("DUPEFILTER_CLASS", "scrapy.dupefilters.BaseDupeFilter", priority="addon")
        settings.set("TELNETCONSOLE_ENABLED", False, priority="addon")
        settings.set("REMOTE_CONTROL_ENABLED", False, priority="addon")
