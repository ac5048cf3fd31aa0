"""`etalase import FILE`: a catalog from Shopify, WooCommerce or a spreadsheet, as product folders (issue 17).

table.py reads the file; formats/ turns its rows into model.py's ImportedProducts; describe.py turns their
HTML into Markdown; photos.py fetches their photos; write.py writes the folders; run.py ties them and reports.
"""
