import sys

from clinicaudit.export import main

sys.exit(main())
