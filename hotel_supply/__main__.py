from hotel_supply.cli import main

raise SystemExit(main())
