"""The documents par writes: period reports, the plan document and the self-assessment, through
Jinja/docxtpl templates, with the Nghị định 30 layout finished in the DOCX."""
