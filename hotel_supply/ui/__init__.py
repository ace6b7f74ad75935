"""Qt front end. Only this package imports Qt; it calls services and never builds SQL."""
