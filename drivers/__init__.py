"""Device drivers: one module (or package) per device kind. See :mod:`drivers.base`."""
