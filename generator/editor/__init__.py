"""The seller's browser editor (issue 16): Sveltia CMS, configured from the content model.

`sveltia` pins the editor's version; `fields` turns the schema's keys into the editor's fields;
`words` holds their labels, hints and rule messages in each shop language; `admin` writes the
/admin/ page, its configuration and its Content-Security-Policy.
"""
