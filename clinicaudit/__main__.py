import sys

from clinicaudit.cli import main

sys.exit(main())
