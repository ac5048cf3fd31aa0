// Validate the structured data of built pages with Adobe's validator (Google's rich-result rules),
// fed by the extractor its README pairs it with. Offline: the validator's optional schema.org
// vocabulary check needs a download, so it is not given one (tests/test_structured_data.py checks
// the variant rules it has no handler for).
//
//   node tests/structured_data.mjs PAGE.html...   prints {page: {types, issues}} as JSON
import { readFileSync } from 'node:fs';
import Validator from '@adobe/structured-data-validator';
import WebAutoExtractor from '@marbec/web-auto-extractor';

const report = {};
for (const page of process.argv.slice(2)) {
  const extracted = new WebAutoExtractor({ addLocation: true, embedSource: ['rdfa', 'microdata'] })
    .parse(readFileSync(page, 'utf8'));
  const types = Object.fromEntries(Object.entries(extracted.jsonld || {}).map(([type, items]) => [type, items.length]));
  const issues = await new Validator().validate(extracted);
  report[page] = {
    types,
    issues: issues.map(({ issueMessage, severity, path, fieldNames }) => ({ issueMessage, severity, path, fieldNames })),
  };
}
process.stdout.write(JSON.stringify(report));
