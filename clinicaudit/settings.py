"""Scrapy settings of clinicaudit: safe, polite defaults for auditing a small clinic site.

The CLI applies the config file and its flags over these at `cmdline` priority. Our own settings carry the
`CLINICAUDIT_` prefix; docs/limits.md lists every limit and its default.
"""

BOT_NAME = "clinicaudit"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
ADDONS = {"clinicaudit.addon.ClinicAudit": 0}

USER_AGENT = "clinicaudit/0.1 (+https://github.com/clinicaudit/clinicaudit; site audit)"
ROBOTSTXT_OBEY = True

# Polite on a shared host; --fast raises these.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.0
AUTOTHROTTLE_ENABLED = False

# Bounded work: a clinic page answers in well under 20 s and weighs well under 10 MB.
DOWNLOAD_TIMEOUT = 20
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 1
RETRY_HTTP_CODES = [502, 503, 504, 522, 524, 408, 429]

# Breadth-first, so that a page limit keeps the pages nearest the home page.
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

CLINICAUDIT_MAX_PAGES = 500
CLINICAUDIT_MAX_DEPTH = 10
CLINICAUDIT_MAX_REDIRECTS = 10
CLINICAUDIT_MAX_PER_PATTERN = 50
CLINICAUDIT_MAX_RETRY_AFTER = 10.0
CLINICAUDIT_PROGRESS_INTERVAL = 10.0
