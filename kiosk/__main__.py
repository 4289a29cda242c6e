"""``python -m kiosk``. The guard matters: the face engine's child process imports
this module under multiprocessing's spawn, and must not start a second terminal."""

from kiosk.cli.main import main

if __name__ == "__main__":
    main()
