"""The words of the Aspirasi demo: categories, reply templates, 2026 holidays and sample reports.

These are a region's own data (as an admin would type them), so they are in Indonesian, not in the
translation catalogue.
"""
from datetime import date

# slug, name, OPD slug (core demo), sensitive, verify days, response days, notice
CATEGORIES = [
    ("jalan-rusak", "Jalan rusak", "dpupr", False, 3, 5, None),
    ("drainase-banjir", "Drainase & banjir", "dpupr", False, 3, 5,
     "Jika air sudah masuk rumah atau ada warga terjebak, hubungi BPBD atau 112."),
    ("sampah", "Sampah", "dlh", False, 3, 5, None),
    ("penerangan-jalan", "Penerangan jalan", "dishub", False, 3, 5, None),
    ("pelayanan-kesehatan", "Pelayanan kesehatan", "dinkes", False, 3, 5, None),
    ("adminduk", "Pelayanan administrasi kependudukan", "disdukcapil", False, 3, 5, None),
    ("kekerasan-perempuan-anak", "Kekerasan terhadap perempuan & anak", None, True, 1, 3,
     "Laporan ini rahasia. Jika Anda atau orang lain dalam bahaya sekarang, hubungi 112 atau SAPA 129."),
    ("ketertiban-umum", "Ketertiban umum", "satpol-pp", False, 3, 5, None),
    ("usulan-pembangunan", "Usulan/ide pembangunan", None, False, 5, 10, None),
    ("informasi-publik", "Permintaan informasi publik", "diskominfo", False, 3, 10, None),
    ("darurat", "Darurat", "bpbd", False, 1, 1, "Untuk keadaan darurat, hubungi 112 sekarang juga."),
]

# category slug (None: every category), title, body
TEMPLATES = [
    (None, "Sedang ditinjau", "Terima kasih atas laporan Anda. Petugas kami akan meninjau lokasi dalam beberapa hari kerja."),
    (None, "Sudah ditangani", "Terima kasih. Permasalahan sudah ditangani oleh petugas di lapangan. Mohon konfirmasi bila masih ada kendala."),
    ("jalan-rusak", "Perbaikan dijadwalkan", "Perbaikan jalan di lokasi tersebut sudah masuk jadwal pemeliharaan rutin bulan ini."),
    ("sampah", "Pengangkutan sampah", "Armada pengangkut sampah sudah dijadwalkan ke lokasi. Mohon sampah dibuang pada jam yang ditentukan."),
]

# National holidays and cuti bersama 2026. The dates of the Islamic, Chinese and Balinese holidays are
# approximate (they follow moon sightings and the yearly SKB of three ministers): an admin checks them.
HOLIDAYS_2026 = [
    (date(2026, 1, 1), "Tahun Baru Masehi"),
    (date(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW"),
    (date(2026, 2, 17), "Tahun Baru Imlek"),
    (date(2026, 3, 19), "Hari Suci Nyepi"),
    (date(2026, 3, 20), "Idul Fitri"),
    (date(2026, 3, 21), "Idul Fitri"),
    (date(2026, 4, 3), "Wafat Yesus Kristus"),
    (date(2026, 5, 1), "Hari Buruh Internasional"),
    (date(2026, 5, 14), "Kenaikan Yesus Kristus"),
    (date(2026, 5, 27), "Idul Adha"),
    (date(2026, 5, 31), "Hari Raya Waisak"),
    (date(2026, 6, 1), "Hari Lahir Pancasila"),
    (date(2026, 6, 16), "Tahun Baru Islam"),
    (date(2026, 8, 17), "Hari Kemerdekaan RI"),
    (date(2026, 8, 25), "Maulid Nabi Muhammad SAW"),
    (date(2026, 12, 25), "Hari Raya Natal"),
]

# category slug, kind, title, description
REPORTS = [
    ("jalan-rusak", "pengaduan", "Jalan berlubang besar di depan sekolah",
     "Ada lubang sekitar satu meter di jalan depan SD. Sudah dua motor jatuh minggu ini, apalagi kalau hujan lubangnya tidak terlihat."),
    ("jalan-rusak", "pengaduan", "Aspal mengelupas sepanjang 200 meter",
     "Aspal di jalan lingkungan dekat masjid mengelupas dan berbatu. Mobil dan motor harus pelan sekali, sering macet pagi hari."),
    ("drainase-banjir", "pengaduan", "Saluran air tersumbat, jalan tergenang",
     "Setiap hujan setengah jam saja, jalan tergenang sampai betis karena got tersumbat sampah dan lumpur. Mohon dinormalisasi."),
    ("drainase-banjir", "pengaduan", "Tutup gorong-gorong hilang",
     "Tutup beton gorong-gorong di tikungan hilang, berbahaya untuk anak-anak dan pengendara di malam hari."),
    ("sampah", "pengaduan", "Sampah menumpuk di TPS tiga hari",
     "Sampah di TPS belum diangkut sejak Senin, baunya sampai ke rumah warga dan banyak lalat. Hubungi saya di 0812-3456-7890 bila perlu."),
    ("sampah", "pengaduan", "Pembuangan sampah liar di pinggir kali",
     "Ada orang membuang sampah rumah tangga ke pinggir kali setiap malam. Mohon dipasang larangan dan dijaga."),
    ("penerangan-jalan", "pengaduan", "Lampu PJU mati satu gang",
     "Lampu penerangan jalan di gang kami mati semua sejak seminggu lalu. Gelap sekali dan warga khawatir ada kejahatan."),
    ("penerangan-jalan", "aspirasi", "Usul lampu jalan di jalan tembus baru",
     "Jalan tembus yang baru dibuka belum ada lampunya sama sekali. Kami usul dipasang beberapa lampu PJU."),
    ("pelayanan-kesehatan", "pengaduan", "Antrean puskesmas terlalu lama",
     "Saya antre dari jam tujuh pagi dan baru dilayani jam sebelas. Mohon ditambah loket atau antrean daring."),
    ("pelayanan-kesehatan", "informasi", "Jadwal imunisasi balita di posyandu",
     "Mohon informasi jadwal imunisasi balita bulan ini di posyandu kelurahan kami."),
    ("adminduk", "pengaduan", "KTP elektronik belum jadi tiga bulan",
     "Saya sudah rekam KTP-el tiga bulan lalu tapi belum jadi. NIK saya 3671012345678901, mohon dicek."),
    ("adminduk", "informasi", "Syarat mengurus akta kelahiran",
     "Apa saja syarat mengurus akta kelahiran untuk anak yang lahir di rumah? Bisa daring atau harus datang?"),
    ("kekerasan-perempuan-anak", "pengaduan", "Dugaan kekerasan terhadap anak tetangga",
     "Saya sering mendengar anak tetangga menangis dan dipukul. Mohon ditangani dengan rahasia."),
    ("ketertiban-umum", "pengaduan", "PKL memakan badan jalan",
     "Pedagang kaki lima berjualan sampai ke badan jalan di depan pasar sehingga angkot berhenti sembarangan dan macet."),
    ("ketertiban-umum", "pengaduan", "Parkir liar di trotoar",
     "Trotoar dipakai parkir motor dan ada juru parkir liar. Pejalan kaki terpaksa turun ke jalan."),
    ("usulan-pembangunan", "aspirasi", "Usul taman bermain anak di lahan kosong",
     "Ada lahan kosong milik pemkot di dekat RW kami. Warga mengusulkan dijadikan taman bermain anak dan ruang hijau."),
    ("usulan-pembangunan", "aspirasi", "Usul jalur sepeda ke stasiun",
     "Banyak warga bersepeda ke stasiun. Kami usul dibuat jalur sepeda yang terlindung di jalan utama."),
    ("informasi-publik", "informasi", "Anggaran perbaikan jalan tahun ini",
     "Mohon informasi anggaran dan daftar ruas jalan yang diperbaiki tahun ini di kecamatan kami. Balasan ke budi.santoso@example.id."),
    ("darurat", "pengaduan", "Pohon tumbang menutup jalan",
     "Pohon besar tumbang setelah hujan angin dan menutup seluruh jalan. Belum ada korban, tapi kabel listrik ikut tertarik."),
    ("drainase-banjir", "aspirasi", "Usul sumur resapan di perumahan",
     "Perumahan kami sering banjir kecil. Kami usul dibuat sumur resapan di beberapa titik bersama warga."),
]

NAMES = ["Siti Rahmawati", "Budi Santoso", "Dewi Lestari", "Agus Setiawan", "Rina Marlina", "Ahmad Fauzi",
         "Yuliana Putri", "Hendra Gunawan", "Nur Aini", "Joko Prasetyo"]

REPLIES = [
    "Terima kasih, laporan sudah kami terima dan petugas akan meninjau lokasi minggu ini.",
    "Petugas sudah meninjau lokasi. Pekerjaan dijadwalkan dalam beberapa hari ke depan.",
    "Pekerjaan sedang berlangsung. Mohon maaf atas ketidaknyamanannya.",
]
DONE_REPLY = "Sudah selesai ditangani oleh petugas. Terima kasih atas partisipasi Anda."
REJECT_REASON = "Laporan tidak dapat diproses karena lokasi dan kejadian tidak jelas. Silakan kirim ulang dengan keterangan lebih lengkap."
INTERNAL_NOTE = "Koordinasi dengan UPT kecamatan; material menunggu pengiriman."
