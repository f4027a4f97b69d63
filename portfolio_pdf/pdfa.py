"""The last step of a render: make WeasyPrint's PDF/A-3a output PDF/A in fact (issue 14).

WeasyPrint 70 writes the XMP identification, the output intent, embedded fonts and the
structure tree, but two things an archive's validator rejects:

- every image has ``/Interpolate true`` (ISO 19005: absent or false). The key is removed,
  which leaves the viewer's default, no interpolation;
- the running header and the page number (CSS page-margin boxes) are marked as tagged
  content whose structure elements hang in the parent tree but not in the structure tree.
  PDF/A-3a wants them to be artifacts: their marked-content sequences become
  ``/Artifact <</Type /Pagination>>`` and their orphaned structure elements go.

And one for validators built on Apache PDFBox (xmpbox), which read an XMP property only where
its namespace is declared on the ``rdf:Description`` itself, not on ``rdf:RDF`` as WeasyPrint
writes it; both are valid XML, so each description now declares them. The metadata stream
stays unfiltered (PDF/A-1 requires it; qpdf never compresses it).

Runs in the render child, on the bytes WeasyPrint wrote; nothing else changes.
"""

import copy
import io

import pikepdf
from lxml import etree

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ARTIFACT = pikepdf.Name.Artifact
BDC = pikepdf.Operator("BDC")
PAGINATION = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)


def finish(data):
    """The PDF bytes with the fixes above applied."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        _drop_interpolate(pdf)
        _running_content_as_artifacts(pdf)
        _xmp_namespaces_per_description(pdf)
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return out.getvalue()


def _drop_interpolate(pdf):
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) and "/Interpolate" in obj:
            del obj["/Interpolate"]


def _reachable(node, seen):
    """The object ids of every structure element below ``node``."""
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") not in ("/MCR", "/OBJR"):
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            if "/K" in node:
                stack.append(node.K)
    return seen


def _running_content_as_artifacts(pdf):
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/ParentTree" not in root or "/Nums" not in root.ParentTree:
        return
    in_tree = _reachable(root.get("/K", pikepdf.Array()), set())
    nums = root.ParentTree.Nums
    orphans = {}
    for i in range(0, len(nums) - 1, 2):
        elements = nums[i + 1]
        if not isinstance(elements, pikepdf.Array):
            continue  # an annotation's single element, always in the tree
        lost = {
            mcid
            for mcid, element in enumerate(elements)
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in in_tree
        }
        if lost:
            orphans[int(nums[i])] = lost
            for mcid in lost:
                elements[mcid] = None
            while len(elements) and elements[len(elements) - 1] is None:
                del elements[len(elements) - 1]
    for page in pdf.pages:
        lost = orphans.get(int(page.obj.get("/StructParents", -1)))
        if lost:
            _rewrite(pdf, page, lost)


def _rewrite(pdf, page, mcids):
    instructions = pikepdf.parse_content_stream(page)
    for n, instruction in enumerate(instructions):
        if instruction.operator != BDC:
            continue
        operands = instruction.operands
        if (
            len(operands) == 2
            and isinstance(operands[1], pikepdf.Dictionary)
            and int(operands[1].get("/MCID", -1)) in mcids
        ):
            instructions[n] = pikepdf.ContentStreamInstruction([ARTIFACT, PAGINATION], BDC)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def _xmp_namespaces_per_description(pdf):
    stream = pdf.Root.get("/Metadata")
    if stream is None:
        return
    raw = stream.read_bytes()
    start, end = raw.find(b"<x:xmpmeta"), raw.rfind(b"</x:xmpmeta>")
    if start < 0 or end < 0:
        return
    end += len(b"</x:xmpmeta>")
    tree = etree.fromstring(raw[start:end], etree.XMLParser(resolve_entities=False))
    for rdf in list(tree.iter(f"{{{RDF}}}RDF")):
        nsmap = {prefix: uri for prefix, uri in rdf.nsmap.items() if prefix and prefix != "rdf"}
        fresh = etree.Element(rdf.tag, attrib=dict(rdf.attrib), nsmap={"rdf": RDF})
        fresh.text, fresh.tail = rdf.text, rdf.tail
        for description in rdf:
            copied = etree.SubElement(
                fresh, description.tag, attrib=dict(description.attrib), nsmap=nsmap
            )
            copied.text, copied.tail = description.text, description.tail
            copied.extend(copy.deepcopy(child) for child in description)
        rdf.getparent().replace(rdf, fresh)
    xmp = raw[:start] + etree.tostring(tree, encoding="utf-8") + raw[end:]
    pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
