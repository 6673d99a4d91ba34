"""The pages of `nomenklatur serve`, in Bahasa Indonesia or English: the check form, the sync form, the code
search, and the frame around a report. Everything the page needs is served by the application itself (no
CDN, no external font or script), so it works on an office network without internet."""

from __future__ import annotations

from html import escape

from nomenklatur.engine import TOOL
from nomenklatur.web.unggahan import SUFFIXES

TEKS = {
    "id": {
        "judul": "Pemeriksa nomenklatur", "sub": "Periksa kode dan nama program, kegiatan dan sub kegiatan "
        "terhadap Permendagri 90/2019 dan pemutakhirannya.",
        "menu_periksa": "Periksa berkas", "menu_sinkron": "Sinkronisasi provinsi–kab/kota",
        "menu_cari": "Cari kode", "bahasa_lain": "English", "kode_bahasa_lain": "en",
        "berkas": "Berkas usulan", "jatuhkan": "Tarik berkas ke sini, atau klik untuk memilih (xlsx, xlsm, xls, ods, "
        "csv; boleh beberapa sekaligus).",
        "tahun": "Tahun anggaran", "otomatis_tahun": "Otomatis (dari judul, nama, atau kode berkas)",
        "tingkat": "Tingkat pemda", "otomatis": "Otomatis", "provinsi": "Provinsi", "kabkota": "Kabupaten/kota",
        "wilayah": "Kode wilayah (boleh kosong)", "contoh_wilayah": "mis. 64.02", "profil": "Profil aturan",
        "periksa": "Periksa", "unduh_xlsx": "Unduh salinan bertanda (.xlsx)", "unduh_csv": "Unduh daftar tugas (.csv)",
        "unduh_json": "Unduh JSON", "privasi": "Berkas hanya dipakai selama pemeriksaan lalu dihapus; tidak ada yang "
        "disimpan di server. Karena itu setiap unduhan memeriksa berkasnya sekali lagi.",
        "provinsi_berkas": "Berkas rencana provinsi", "kabkota_berkas": "Berkas rencana kabupaten/kota (satu atau lebih)",
        "sasaran": "Daftar desa sasaran (boleh kosong)", "sinkronkan": "Sinkronkan",
        "sinkron_catatan": "Provinsi dan kabupaten/kota dikenali dari isinya; urutan berkas tidak penting.",
        "tahun_wajib": "Tahun anggaran (wajib)", "cari": "Cari", "cari_label": "Kode (mis. 2.13.02) atau kata "
        "(mis. penataan desa)", "tahun_cari": "Tahun (untuk pencarian nama)", "terbaru": "Daftar terbaru",
        "versi": "Kode ini di setiap versi", "regulasi": "Regulasi", "nama": "Nama", "kode": "Kode",
        "tingkat_kolom": "Tingkat", "padanan": "Padanan di versi yang tidak memuatnya", "dihapus": "dihapus tanpa pengganti",
        "tidak_dikenal": "Kode ini tidak ada dalam versi daftar mana pun.", "cocok": "Kecocokan", "skor": "Skor",
        "tidak_cocok": "Tidak ada nama yang cocok.", "hasil": "Hasil pemeriksaan", "gagal": "Pemeriksaan gagal",
        "induk": "Induknya", "anak": "sub-kode di bawahnya", "pilih": "Pilih berkas", "pilih_satu": "Pilih satu berkas",
        "belum": "Belum ada berkas dipilih.",
    },
    "en": {
        "judul": "Nomenclature checker", "sub": "Check the codes and names of programs, activities and sub-activities "
        "against Permendagri 90/2019 and its updates.",
        "menu_periksa": "Check files", "menu_sinkron": "Province–regency sync", "menu_cari": "Look up a code",
        "bahasa_lain": "Bahasa Indonesia", "kode_bahasa_lain": "id",
        "berkas": "Proposal files", "jatuhkan": "Drop files here, or click to choose (xlsx, xlsm, xls, ods, csv; "
        "several at once is fine).",
        "tahun": "Fiscal year", "otomatis_tahun": "Automatic (from the file's title, name or codes)",
        "tingkat": "Government level", "otomatis": "Automatic", "provinsi": "Province", "kabkota": "Regency/city",
        "wilayah": "Region code (optional)", "contoh_wilayah": "e.g. 64.02", "profil": "Rule profile",
        "periksa": "Check", "unduh_xlsx": "Download the annotated copy (.xlsx)", "unduh_csv": "Download the task list (.csv)",
        "unduh_json": "Download JSON", "privasi": "Files are used only while they are checked, then deleted; nothing "
        "is kept on the server. So each download checks the files once more.",
        "provinsi_berkas": "The province's plan", "kabkota_berkas": "The regencies'/cities' plans (one or more)",
        "sasaran": "Target village list (optional)", "sinkronkan": "Synchronize",
        "sinkron_catatan": "The province and the regencies/cities are told apart by their content; the order "
        "does not matter.",
        "tahun_wajib": "Fiscal year (required)", "cari": "Search", "cari_label": "A code (e.g. 2.13.02) or words "
        "(e.g. penataan desa)", "tahun_cari": "Year (for a name search)", "terbaru": "Newest list",
        "versi": "This code in every version", "regulasi": "Regulation", "nama": "Name", "kode": "Code",
        "tingkat_kolom": "Level", "padanan": "Counterparts in versions without it", "dihapus": "removed without successor",
        "tidak_dikenal": "This code is in no version of the lists.", "cocok": "Match", "skor": "Score",
        "tidak_cocok": "No name matches.", "hasil": "Check result", "gagal": "The check failed",
        "induk": "Its parents", "anak": "codes below it", "pilih": "Choose files", "pilih_satu": "Choose a file",
        "belum": "No file chosen yet.",
    },
}

WEB_CSS = """
header.top nav{margin-top:10px;display:flex;gap:18px;flex-wrap:wrap;align-items:center}
header.top nav a{color:#fff;text-decoration:none;padding:4px 0;border-bottom:2px solid transparent}
header.top nav a.aktif{border-bottom-color:#ffc000;font-weight:600}
header.top nav a.bahasa{margin-left:auto;border:1px solid #9fb3c8;border-radius:4px;padding:2px 10px}
form.kartu,section.kartu{background:#fff;border:1px solid #d9dce1;border-radius:6px;padding:16px 20px;margin:16px 0}
.jatuh{display:block;border:2px dashed #9fb3c8;border-radius:6px;padding:26px;text-align:center;color:#1f3b5a;
cursor:pointer;background:#f7f9fc}
.jatuh.di-atas{background:#e3ecf7;border-color:#1f3b5a}
.jatuh .pilih{display:inline-block;margin-top:10px;padding:5px 14px;border:1px solid #1f3b5a;border-radius:4px;background:#fff}
.jatuh:focus-within .pilih{outline:2px solid #ffc000}
.tersembunyi{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.daftar-berkas{font-size:.9rem;color:#333;margin:6px 0 0}
.pilihan{display:flex;flex-wrap:wrap;gap:14px 24px;margin:14px 0}
.pilihan label,.isian label{display:flex;flex-direction:column;font-size:.9rem;gap:4px}
.isian{display:flex;flex-direction:column;gap:12px;margin:0 0 12px}
.isian label.jatuh{display:block}
select,input[type=text],input[type=search]{font:inherit;padding:5px 8px;border:1px solid #b8c0ca;border-radius:4px;min-width:14em}
button{font:inherit;padding:7px 16px;border-radius:4px;border:1px solid #1f3b5a;background:#fff;color:#1f3b5a;
cursor:pointer;margin:4px 8px 4px 0}
button.utama{background:#1f3b5a;color:#fff}
button:disabled{opacity:.5;cursor:progress}
.catatan{font-size:.85rem;color:#555}
#kemajuan{margin:12px 0;padding:10px 14px;background:#fff;border:1px solid #d9dce1;border-radius:6px}
#kemajuan progress{width:min(420px,100%);vertical-align:middle;margin-right:10px}
.pesan-gagal{background:#ffc7ce;color:#7a0000;border-radius:6px;padding:10px 14px;margin:12px 0}
"""

SCRIPT = """
(function(){
  function jatuh(zona){
    var input=zona.querySelector('input[type=file]'), daftar=zona.parentNode.querySelector('.daftar-berkas');
    function tampil(){ if(daftar){ daftar.textContent=Array.prototype.map.call(input.files,function(f){return f.name;}).join(', ')||daftar.dataset.belum; } }
    input.addEventListener('change',tampil);
    ['dragenter','dragover'].forEach(function(n){ zona.addEventListener(n,function(e){ e.preventDefault(); zona.classList.add('di-atas'); }); });
    ['dragleave','drop'].forEach(function(n){ zona.addEventListener(n,function(){ zona.classList.remove('di-atas'); }); });
    zona.addEventListener('drop',function(e){ e.preventDefault(); if(!e.dataTransfer||!e.dataTransfer.files.length){return;}
      input.files=input.multiple?e.dataTransfer.files:(function(){var d=new DataTransfer(); d.items.add(e.dataTransfer.files[0]); return d.files;})();
      tampil(); });
  }
  function kirim(form,e){
    if(e.submitter&&e.submitter.hasAttribute('formaction')){ return; }
    e.preventDefault();
    var kemajuan=document.getElementById('kemajuan'), bar=kemajuan.querySelector('progress'),
        kata=kemajuan.querySelector('span'), hasil=document.getElementById('hasil'),
        tombol=form.querySelectorAll('button');
    kemajuan.hidden=false; bar.removeAttribute('value'); kata.textContent=kemajuan.dataset.mulai; hasil.innerHTML='';
    tombol.forEach(function(b){ b.disabled=true; });
    function selesai(){ tombol.forEach(function(b){ b.disabled=false; }); }
    function kabar(k){
      if(k.teks){ kata.textContent=k.teks; }
      if(k.tahap==='periksa'&&k.dari>1){ bar.max=k.dari; bar.value=k.berkas; }
      if(k.tahap==='selesai'){ kemajuan.hidden=true; hasil.innerHTML=k.html; selesai(); }
      if(k.tahap==='gagal'){ kemajuan.hidden=true; var p=document.createElement('p'); p.className='pesan-gagal';
        p.setAttribute('role','alert'); p.textContent=k.pesan; hasil.appendChild(p); selesai(); }
    }
    fetch(form.dataset.api,{method:'POST',body:new FormData(form)}).then(function(r){
      var baca=r.body.getReader(), dekode=new TextDecoder(), sisa='';
      function langkah(){ return baca.read().then(function(x){
        if(x.done){ if(sisa.trim()){ kabar(JSON.parse(sisa)); } selesai(); return; }
        sisa+=dekode.decode(x.value,{stream:true}); var baris=sisa.split('\\n'); sisa=baris.pop();
        baris.forEach(function(b){ if(b.trim()){ kabar(JSON.parse(b)); } }); return langkah(); }); }
      return langkah();
    }).catch(function(){ kabar({tahap:'gagal',pesan:kemajuan.dataset.putus}); });
  }
  document.addEventListener('DOMContentLoaded',function(){
    document.querySelectorAll('.jatuh').forEach(jatuh);
    document.querySelectorAll('form[data-api]').forEach(function(f){ f.addEventListener('submit',function(e){ kirim(f,e); }); });
  });
})();
"""

KEMAJUAN = {"id": {"mulai": "Mengunggah…", "putus": "Hubungan ke server terputus; coba lagi."},
            "en": {"mulai": "Uploading…", "putus": "The connection to the server was lost; try again."}}


_ACTIVE = ' class="aktif" aria-current="page"'


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def bahasa(value: str | None) -> str:
    return "en" if value == "en" else "id"


def frame(lang: str, aktif: str, isi: str, query: str = "") -> str:
    """A whole page: header with the menu and the language switch, then `isi`."""
    t = TEKS[lang]
    menu = [("periksa", "/", t["menu_periksa"]), ("sinkron", "/sinkron", t["menu_sinkron"]),
            ("cari", "/cari", t["menu_cari"])]
    links = "".join(f'<a href="{href}?lang={lang}"{_ACTIVE if key == aktif else ""}>{_e(label)}</a>'
                    for key, href, label in menu)
    here = {"periksa": "/", "sinkron": "/sinkron", "cari": "/cari"}.get(aktif, "/")
    other = f'{here}?lang={t["kode_bahasa_lain"]}{query}'
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(t["judul"])} · nomenklatur</title><link rel="stylesheet" href="/aset/gaya.css">'
            '<script src="/aset/halaman.js" defer></script></head><body>'
            f'<header class="top"><h1>{_e(t["judul"])}</h1><p>{_e(t["sub"])}</p><nav>{links}'
            f'<a class="bahasa" href="{_e(other)}" hreflang="{t["kode_bahasa_lain"]}">{_e(t["bahasa_lain"])}</a></nav>'
            f'</header><main>{isi}</main><footer>{_e(TOOL["name"])} {_e(TOOL["version"])}</footer></body></html>')


def _options(pairs: list[tuple[str, str]], chosen: str = "") -> str:
    return "".join(f'<option value="{_e(v)}"{" selected" if v == chosen else ""}>{_e(label)}</option>'
                   for v, label in pairs)


def _file_zone(lang: str, name: str, label: str, hint: str, multiple: bool, required: bool) -> str:
    """A drop zone around a file input whose words are the page's (the browser's own button speaks the
    browser's language, so it is hidden from sight, not from keyboards and screen readers)."""
    t = TEKS[lang]
    accept = ",".join(SUFFIXES)
    return (f'<div><label class="jatuh">{_e(label)}<br><small>{_e(hint)}</small>'
            f'<input class="tersembunyi" type="file" name="{name}" accept="{accept}"{" multiple" if multiple else ""}'
            f'{" required" if required else ""}><span class="pilih" aria-hidden="true">{_e(t["pilih" if multiple else "pilih_satu"])}</span></label>'
            f'<p class="daftar-berkas" data-belum="{_e(t["belum"])}">{_e(t["belum"])}</p></div>')


def _progress(lang: str) -> str:
    k = KEMAJUAN[lang]
    return (f'<div id="kemajuan" role="status" aria-live="polite" hidden data-mulai="{_e(k["mulai"])}" '
            f'data-putus="{_e(k["putus"])}"><progress></progress><span></span></div>')


def _downloads(lang: str) -> str:
    t = TEKS[lang]
    return "".join(f'<button type="submit" name="unduh" value="{fmt}" formaction="/unduh/{fmt}">{_e(t[key])}</button>'
                   for fmt, key in (("xlsx", "unduh_xlsx"), ("csv", "unduh_csv"), ("json", "unduh_json")))


def check_page(lang: str, years: list[int], profiles: list[str], hasil: str = "") -> str:
    t = TEKS[lang]
    form = (f'<form class="kartu" method="post" action="/periksa" enctype="multipart/form-data" data-api="/api/periksa">'
            f'<input type="hidden" name="lang" value="{lang}">'
            + _file_zone(lang, "berkas", t["berkas"], t["jatuhkan"], True, True)
            + '<div class="pilihan">'
            f'<label>{_e(t["tahun"])}<select name="tahun">'
            f'{_options([("", t["otomatis_tahun"])] + [(str(y), str(y)) for y in years])}</select></label>'
            f'<label>{_e(t["tingkat"])}<select name="tingkat">'
            f'{_options([("", t["otomatis"]), ("provinsi", t["provinsi"]), ("kabkota", t["kabkota"])])}</select></label>'
            f'<label>{_e(t["wilayah"])}<input type="text" name="wilayah" placeholder="{_e(t["contoh_wilayah"])}" '
            'maxlength="13" autocomplete="off"></label>'
            f'<label>{_e(t["profil"])}<select name="profil">{_options([(p, p) for p in profiles], "default")}'
            '</select></label></div>'
            f'<button type="submit" class="utama">{_e(t["periksa"])}</button>{_downloads(lang)}'
            f'<p class="catatan">{_e(t["privasi"])}</p></form>')
    return frame(lang, "periksa", form + _progress(lang) + f'<div id="hasil">{hasil}</div>')


def sync_page(lang: str, years: list[int], profiles: list[str], hasil: str = "") -> str:
    t = TEKS[lang]
    chosen = "kaltim-2021" if "kaltim-2021" in profiles else "default"
    form = (f'<form class="kartu" method="post" action="/sinkron" enctype="multipart/form-data" data-api="/api/sinkron">'
            f'<input type="hidden" name="lang" value="{lang}"><div class="isian">'
            + _file_zone(lang, "provinsi", t["provinsi_berkas"], "", False, True)
            + _file_zone(lang, "kabkota", t["kabkota_berkas"], "", True, True)
            + _file_zone(lang, "sasaran", t["sasaran"], "", False, False)
            + '</div><div class="pilihan">'
            f'<label>{_e(t["tahun_wajib"])}<select name="tahun" required>'
            f'{_options([("", "—")] + [(str(y), str(y)) for y in years])}</select></label>'
            f'<label>{_e(t["profil"])}<select name="profil">{_options([(p, p) for p in profiles], chosen)}'
            '</select></label></div>'
            f'<button type="submit" class="utama">{_e(t["sinkronkan"])}</button>'
            f'<button type="submit" name="unduh" value="csv" formaction="/sinkron/unduh/csv">{_e(t["unduh_csv"])}</button>'
            f'<button type="submit" name="unduh" value="json" formaction="/sinkron/unduh/json">{_e(t["unduh_json"])}'
            f'</button><p class="catatan">{_e(t["sinkron_catatan"])} {_e(t["privasi"])}</p></form>')
    return frame(lang, "sinkron", form + _progress(lang) + f'<div id="hasil">{hasil}</div>')


def failure(lang: str, message: str) -> str:
    """A failed check said in one sentence, in the page (never a stack trace)."""
    return f'<p class="pesan-gagal" role="alert">{_e(TEKS[lang]["gagal"])}: {_e(message)}</p>'


def report(lang: str, body: str) -> str:
    return f'<section class="laporan"><h2>{_e(TEKS[lang]["hasil"])}</h2>{body}</section>'


def lookup_page(lang: str, query: str, tahun: str, years: list[int], found: str = "") -> str:
    """The search box (a code or words, as `nomenklatur lookup`) and what was found."""
    t = TEKS[lang]
    form = (f'<form class="kartu" method="get" action="/cari"><input type="hidden" name="lang" value="{lang}">'
            f'<div class="pilihan"><label>{_e(t["cari_label"])}<input type="search" name="q" value="{_e(query)}" '
            f'maxlength="200" autofocus></label><label>{_e(t["tahun_cari"])}<select name="tahun">'
            f'{_options([("", t["terbaru"])] + [(str(y), str(y)) for y in years], tahun)}</select></label></div>'
            f'<button type="submit" class="utama">{_e(t["cari"])}</button></form>')
    return frame(lang, "cari", form + found, f"&q={escape(query, quote=True)}&tahun={_e(tahun)}" if query else "")


def code_report(lang: str, report) -> str:
    """A code in every version that holds it, and what stands for it elsewhere (lookup.CodeReport)."""
    from nomenklatur import kode
    from nomenklatur.lookup import level_label

    t = TEKS[lang]
    out = [f'<section class="kartu"><h2>{_e(report.code)} <small>({_e(kode.kind_label(report.kind, lang))})</small></h2>']
    if not report.known:
        out.append(f"<p>{_e(t['tidak_dikenal'])}</p>")
    if report.appearances:
        out.append(f'<h3>{_e(t["versi"])}</h3><table class="grid versi"><thead><tr><th>{_e(t["regulasi"])}</th>'
                   f'<th>{_e(t["tingkat_kolom"])}</th><th>{_e(t["kode"])}</th><th>{_e(t["nama"])}</th></tr></thead><tbody>')
        out += [f"<tr><td>{_e(a.regulation)}</td><td>{_e(level_label(a.pemda, lang))}</td><td>{_e(a.code)}</td>"
                f"<td>{_e(a.name)}</td></tr>" for a in report.appearances]
        out.append("</tbody></table>")
    if report.counterparts:
        out.append(f'<h3>{_e(t["padanan"])}</h3><table class="grid"><tbody>')
        for c in report.counterparts:
            said = "; ".join(f"{code} {name}".strip() for code, name in c.codes) if c.codes else t["dihapus"]
            out.append(f"<tr><td>{_e(c.regulation)}</td><td>{_e(level_label(c.pemda, lang))}</td><td>{_e(said)}</td></tr>")
        out.append("</tbody></table>")
    if report.parents:
        out.append(f'<h3>{_e(t["induk"])}</h3><ul>')
        out += [f'<li><a href="/cari?lang={lang}&amp;q={_e(e.code)}">{_e(e.code)}</a> {_e(e.name)}</li>'
                for e in report.parents]
        out.append("</ul>")
    if report.children:
        out.append(f"<p>{report.children} {_e(t['anak'])}</p>")
    out.append("</section>")
    return "".join(out)


def name_matches(lang: str, search) -> str:
    """Names that match the words, ranked as `nomenklatur lookup` ranks them (lookup.NameSearch); each code
    links to its page in every version."""
    from nomenklatur.lookup import level_label, match_label

    t = TEKS[lang]
    out = [f'<section class="kartu"><h2>{_e(search.regulation)}</h2>']
    if search.note:
        out.append(f'<p class="catatan">{_e(search.note)}</p>')
    if not search.matches:
        out.append(f"<p>{_e(t['tidak_cocok'])}</p></section>")
        return "".join(out)
    out.append(f'<table class="grid cocok"><thead><tr><th>{_e(t["kode"])}</th><th>{_e(t["nama"])}</th>'
               f'<th>{_e(t["tingkat_kolom"])}</th><th>{_e(t["cocok"])}</th><th>{_e(t["skor"])}</th></tr></thead><tbody>')
    for m in search.matches:
        e = m.entry
        out.append(f'<tr><td><a href="/cari?lang={lang}&amp;q={_e(e.code)}">{_e(e.code)}</a></td><td>{_e(e.name)}</td>'
                   f'<td>{_e(level_label(e.pemda, lang))}</td><td>{_e(match_label(m.match, lang))}</td>'
                   f'<td class="num">{m.score:.1f}</td></tr>')
    out.append("</tbody></table></section>")
    return "".join(out)
