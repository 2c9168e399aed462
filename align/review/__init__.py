"""Review stage: a local web page over the corpus store, and a static HTML report."""

from align.review.app import create_app, render_static

__all__ = ["create_app", "render_static"]
