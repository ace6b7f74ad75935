"""``python -m hotel_supply``: the same as the ``hotel-supply`` command."""

import multiprocessing

from hotel_supply.cli import main

if __name__ == "__main__":  # a month's printing pool imports this module in each worker
    multiprocessing.freeze_support()  # a frozen (packaged) app's workers start here
    raise SystemExit(main())
