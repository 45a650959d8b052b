from ctdash.cli import main

raise SystemExit(main())
