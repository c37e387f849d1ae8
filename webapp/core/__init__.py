"""What every civic module stands on: regions, accounts, rendering, languages, PWA, uploads, notifications."""
