"""The one place Sveltia CMS's version is pinned (it is 0.x and releases often).

The build's /admin/ page loads exactly this file, checked by its Subresource Integrity hash, and the
tests install the same version from npm (package.json; tests/test_editor.py checks both agree).
To move to a new version: change VERSION, set INTEGRITY to the new file's hash
(`openssl dgst -sha384 -binary node_modules/@sveltia/cms/dist/sveltia-cms.js | openssl base64 -A`),
pin it in package.json, set HEIC_VERSION to the @discourse/heic version the new package.json names
(pinned in package.json too: `npm install --save-dev --save-exact @discourse/heic@<version>`), and run
the editor's browser tests.
"""

from __future__ import annotations

VERSION = "0.221.1"
SCRIPT_URL = f"https://unpkg.com/@sveltia/cms@{VERSION}/dist/sveltia-cms.js"
INTEGRITY = "sha384-JQ+XsKx/UzwdTiNnFStza3XtqqQoVtyNPApkfvwlzZDfhe7giE9CnfQrpHqgv3k6"

# Modules the bundle imports from unpkg only when a browser needs them (its package.json pins them):
# HEIC photos from iPhones are decoded with @discourse/heic (in a blob: worker, hence worker-src), and
# browsers whose canvas cannot write WebP (Safari) encode with @jsquash/webp, a WebAssembly module.
# The tests serve the decoder from npm: package.json pins the same HEIC_VERSION.
HEIC_VERSION = "1.0.0"
HEIC_DECODER = f"https://unpkg.com/@discourse/heic@{HEIC_VERSION}/"
RUNTIME_MODULES = (HEIC_DECODER, "https://unpkg.com/@jsquash/webp@1.5.0/")

# The fonts of its interface (icons, text), from jsDelivr.
FONTS = "https://cdn.jsdelivr.net/fontsource/fonts/"

# What it talks to: GitHub's API (sign-in with a token, reading and committing files).
API = "https://api.github.com"
