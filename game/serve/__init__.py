"""`digits serve`: the 2016 original's web app, where a whole class draws into one dataset.

    store.py      where the drawings are kept: SQLite (default) or PostgreSQL
    checks.py     what a request may hold; anything else is refused, storing nothing
    classroom.py  the class page's numbers, and its retrain (the game's lessons)
    pagemodel.py  a model as the script the drawing pages load
    app.py        the web app (Starlette): the pages and the API
    run.py        starting it (uvicorn), as `digits serve` does
    static/       the pages: the drawing widget (also the docs' drawing page), collect, class

Needs the serve extra (pip install -e '.[serve]'); nothing else imports this package.
"""
