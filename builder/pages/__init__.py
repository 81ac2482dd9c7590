"""Step 6: the site's Markdown pages, with tables and Altair charts, written into the build folder."""
