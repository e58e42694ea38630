-- explainer.formatting: after citeproc, write refs.bib as CSL-JSON (every source, as nocite
-- lists them all) to the file named by the metadata field csljson-out. The text is that of
-- `pandoc -f biblatex -t csljson refs.bib`, from the parse citeproc has already made.
function Pandoc(doc)
  local path = pandoc.utils.stringify(doc.meta["csljson-out"])
  local refs = pandoc.utils.references(doc)
  local out = pandoc.write(pandoc.Pandoc({}, {references = refs}), "csljson")
  local file = assert(io.open(path, "w"))
  file:write(out)
  file:close()
  return doc
end
