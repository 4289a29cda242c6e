"""Qt adapters of the core (QObjects, signals, worker threads). Widgets live in screens/."""
