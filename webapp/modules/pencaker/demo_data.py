"""The people, companies and jobs of the Pencaker demo, for Kota Tangerang.

Every company, person and phone number here is made up: company names are invented, NIBs are arbitrary
13-digit numbers, phones sit in a range no operator hands out to people we know of (+62 812-001x-xxxx),
and e-mail addresses are under demo.serambi.id. Kecamatan are matched by name among the region's areas
(the first one when a name is missing); a person's NIK is built from that kecamatan's code, their date of
birth (+40 for women) and a serial, so it passes the same checks a real one must.

Dates of birth are fixed (so a person's NIK, the key that makes seeding safe to repeat, never changes);
everything else is counted back from the day the demo is seeded.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# ------------------------------------------------------------------------------------------ employers


@dataclass(frozen=True)
class Company:
    key: str
    name: str
    nib: str
    sector: str  # KBLI section
    kecamatan: str
    address: str
    contact_name: str
    contact_phone: str
    description: str
    status: str = "verified"  # "verified" | "pending" | "rejected"
    reason: str | None = None
    website: str | None = None
    owner: str | None = None  # "perusahaan": the demo employer account


COMPANIES = [
    Company("presisi", "PT Mitra Karya Presisi", "9120301456721", "C", "Jatiuwung",
            "Kawasan Industri Jatake Blok C3 No. 8", "Bagian HRD (Ibu Ratna)", "+622155001101",
            "Pabrik komponen logam presisi untuk industri otomotif dan elektronik, berdiri sejak 2004 dengan "
            "sekitar 600 karyawan dalam tiga shift."),
    Company("tokorakyat", "PT Toko Rakyat Sentosa", "9120402587314", "G", "Cipondoh",
            "Jl. KH Hasyim Ashari No. 140", "Rekrutmen Toko Rakyat", "+622155001102",
            "Jaringan toko kebutuhan sehari-hari dengan 24 gerai di Tangerang Raya."),
    Company("lintas", "PT Lintas Kargo Cisadane", "9120503698425", "H", "Neglasari",
            "Jl. Marsekal Suryadarma No. 21", "HR Lintas Kargo", "+622155001103",
            "Jasa pengiriman barang, pergudangan dan kurir antarkota untuk usaha kecil dan menengah."),
    Company("griya", "PT Griya Tamu Benteng", "9120604709536", "I", "Tangerang",
            "Jl. Daan Mogot No. 77", "Human Resources Hotel Benteng Asri", "+622155001104",
            "Pengelola Hotel Benteng Asri (120 kamar) dan dua restoran keluarga di pusat kota."),
    Company("sehat", "PT Sehat Sentosa Medika", "9120705810647", "Q", "Karawaci",
            "Jl. Imam Bonjol No. 45", "Ibu Lestiani, Kepala Tata Usaha", "+622155001105",
            "Pengelola Klinik Utama Sehat Sentosa: rawat jalan, laboratorium, apotek dan layanan BPJS."),
    Company("kodekreatif", "PT Kode Kreatif Nusantara", "9120806921758", "J", "Cibodas",
            "Ruko Cibodas Square Blok B No. 12", "Tim Rekrutmen Kode Kreatif", "+622155001106",
            "Perusahaan perangkat lunak kecil: aplikasi web untuk koperasi, sekolah dan UMKM. Sebagian tim "
            "bekerja dari rumah.", website="https://kodekreatif.demo.serambi.id", owner="perusahaan"),
    Company("bangun", "PT Bangun Cipta Karya Mandiri", "9120907032869", "F", "Pinang",
            "Jl. Hartono Raya No. 9", "Bapak Suryadi, Manajer Proyek", "+622155001107",
            "Kontraktor bangunan gedung dan perumahan, anggota asosiasi kontraktor daerah."),
    Company("danabenteng", "PT BPR Dana Benteng Sejahtera", "9121008143970", "K", "Tangerang",
            "Jl. Merdeka No. 30", "Divisi SDM BPR Dana Benteng", "+622155001108",
            "Bank perkreditan rakyat yang melayani tabungan dan kredit usaha mikro di Kota Tangerang."),
    Company("tenagamandiri", "PT Karya Tenaga Mandiri", "9121109254081", "N", "Karawaci",
            "Jl. Gatot Subroto Km 3 No. 15", "Admin Rekrutmen", "+622155001109",
            "Penyedia jasa tenaga keamanan dan kebersihan gedung.", status="pending"),
    Company("cahayailmu", "Yayasan Pendidikan Cahaya Ilmu", "9121210365192", "P", "Ciledug",
            "Jl. HOS Cokroaminoto No. 88", "Tata Usaha Yayasan", "+622155001110",
            "Yayasan yang mengelola TK, SD dan SMP swasta.", status="pending"),
    Company("peluangcepat", "CV Peluang Kerja Cepat", "1234512345123", "N", "Batuceper",
            "Jl. Raya Batuceper (tanpa nomor)", "Pak Dodi", "+6289900100099",
            "Penyalur tenaga kerja.", status="rejected",
            reason="NIB yang dimasukkan tidak terdaftar di OSS atas nama perusahaan ini dan alamat kantor tidak "
                   "dapat kami temukan. Silakan daftar ulang dengan NIB yang benar dan alamat lengkap."),
]

# -------------------------------------------------------------------------------------------- vacancies


@dataclass(frozen=True)
class Job:
    key: str
    company: str
    title: str
    min_education: str  # an EDUCATION_LEVELS code or "none"
    kecamatan: str | None  # None: remote
    employment_type: str
    pay: tuple[int, int] | None
    openings: int
    description: str
    requirements: str
    state: str = "open"  # open | expired | closed | review | draft | returned
    published_days_ago: int = 0
    closes_in_days: int = 30  # negative: already passed
    age: tuple[int, int] | None = None
    disability_friendly: bool = False
    review_note: str | None = None


UMK = 5_070_000  # about the city's 2026 minimum wage, in rupiah per month

JOBS = [
    # --- open -------------------------------------------------------------------------------------------
    Job("operator", "presisi", "Operator Produksi", "SMA", "Jatiuwung", "CONTRACTOR", (UMK, 5_400_000), 20,
        "Menjalankan mesin press dan CNC sesuai instruksi kerja, memeriksa hasil produksi dan mencatat "
        "jumlah output per shift.\n\nKontrak 12 bulan, dapat diperpanjang. Bersedia bekerja tiga shift.",
        "Lulusan SMA/SMK semua jurusan, sehat jasmani, tidak buta warna.", published_days_ago=20,
        closes_in_days=5, age=(18, 30)),
    Job("qc", "presisi", "Quality Control Inspector", "SMK", "Jatiuwung", "FULL_TIME", (5_300_000, 6_000_000), 3,
        "Memeriksa dimensi komponen dengan jangka sorong dan mikrometer, membuat laporan cacat produk dan "
        "ikut perbaikan proses bersama tim produksi.",
        "SMK Teknik Mesin, bisa membaca gambar teknik, pengalaman QC menjadi nilai tambah.",
        published_days_ago=12, closes_in_days=24, age=(20, 35)),
    Job("maintenance", "presisi", "Teknisi Maintenance Mesin", "SMK", "Jatiuwung", "FULL_TIME",
        (6_000_000, 7_500_000), 2,
        "Merawat dan memperbaiki mesin produksi (mekanik, pneumatik, listrik dasar), mengerjakan jadwal "
        "perawatan berkala.", "SMK/D3 Teknik Mesin atau Elektro, pengalaman minimal 2 tahun.",
        published_days_ago=33, closes_in_days=20, age=(22, 40)),
    Job("admingudang", "presisi", "Admin Gudang", "SMA", "Jatiuwung", "FULL_TIME", (UMK, 5_300_000), 1,
        "Mencatat barang masuk dan keluar, menyiapkan dokumen pengiriman dan stok opname bulanan. Pekerjaan "
        "duduk di kantor gudang dengan akses kursi roda.", "Menguasai Excel dasar, teliti.",
        published_days_ago=8, closes_in_days=30, disability_friendly=True),
    Job("kasir", "tokorakyat", "Pramuniaga dan Kasir", "SMA", "Cipondoh", "FULL_TIME", (UMK, UMK), 10,
        "Melayani pembeli, mengisi rak, dan menjalankan mesin kasir. Penempatan di gerai sekitar Cipondoh, "
        "Pinang dan Karang Tengah.\n\nTeman tuli dipersilakan melamar: tim kami sudah terbiasa berkomunikasi "
        "dengan tulisan dan bahasa isyarat dasar.", "Jujur, ramah, bersedia kerja shift dan akhir pekan.",
        published_days_ago=3, closes_in_days=40, age=(18, 28), disability_friendly=True),
    Job("kepalatoko", "tokorakyat", "Kepala Toko", "D3", "Cipondoh", "FULL_TIME", (6_500_000, 8_000_000), 2,
        "Memimpin 8–12 orang tim toko, mengatur jadwal, stok dan target penjualan gerai.",
        "D3 semua jurusan, pengalaman ritel minimal 2 tahun sebagai supervisor.", published_days_ago=27,
        closes_in_days=14, age=(25, 40)),
    Job("gudangpart", "tokorakyat", "Staf Gudang Paruh Waktu", "SMP", "Karang Tengah", "PART_TIME", None, 4,
        "Bongkar muat dan menata barang di gudang pusat, pukul 16.00–21.00, Senin sampai Jumat.",
        "Sehat dan kuat mengangkat barang.", published_days_ago=15, closes_in_days=21),
    Job("kurir", "lintas", "Kurir Motor", "SMA", "Neglasari", "CONTRACTOR", (4_500_000, 6_000_000), 15,
        "Mengantar paket di wilayah Kota Tangerang dengan motor sendiri. Gaji pokok ditambah insentif per "
        "paket dan uang bensin.", "Punya SIM C aktif, motor sendiri dan ponsel Android.",
        published_days_ago=24, closes_in_days=3, age=(18, 40)),
    Job("sopirtruk", "lintas", "Pengemudi Truk Engkel", "SMP", "Neglasari", "FULL_TIME", (6_000_000, 7_000_000), 4,
        "Mengemudikan truk engkel rute Jabodetabek dan Banten, menjaga kondisi kendaraan dan dokumen muatan.",
        "SIM B1 Umum aktif, pengalaman mengemudi truk minimal 2 tahun.", published_days_ago=18,
        closes_in_days=25, age=(23, 45)),
    Job("adminekspedisi", "lintas", "Admin Ekspedisi", "D3", "Batuceper", "FULL_TIME", (5_200_000, 5_800_000), 2,
        "Menginput resi, melacak kiriman, dan menjawab pertanyaan pelanggan lewat telepon dan WhatsApp.",
        "D3 semua jurusan, terbiasa dengan komputer. Kantor di lantai dasar dan ramah pengguna kursi roda.",
        published_days_ago=6, closes_in_days=28, disability_friendly=True),
    Job("helper", "lintas", "Helper Gudang Harian", "none", "Batuceper", "PER_DIEM", None, 10,
        "Membantu bongkar muat saat kiriman ramai. Dibayar harian, dipanggil sesuai kebutuhan.",
        "Minimal 18 tahun, sehat.", published_days_ago=2, closes_in_days=12),
    Job("resepsionis", "griya", "Resepsionis Hotel", "D3", "Tangerang", "FULL_TIME", (5_100_000, 5_600_000), 2,
        "Melayani check-in dan check-out tamu, reservasi, dan pertanyaan tamu di front office.",
        "D3 Perhotelan atau Pariwisata, bahasa Inggris lisan cukup baik.", published_days_ago=10,
        closes_in_days=20, age=(20, 30)),
    Job("cook", "griya", "Cook Helper", "SMK", "Tangerang", "FULL_TIME", (UMK, UMK), 3,
        "Menyiapkan bahan masakan, menjaga kebersihan dapur dan membantu juru masak di restoran hotel.",
        "SMK Tata Boga atau pengalaman dapur, memiliki sertifikat penjamah makanan lebih disukai.",
        published_days_ago=22, closes_in_days=18),
    Job("roomattendant", "griya", "Room Attendant (kontrak 6 bulan)", "SMA", "Tangerang", "TEMPORARY", None, 5,
        "Membersihkan dan menata kamar tamu sesuai standar hotel selama musim liburan.",
        "Teliti, bersedia bekerja di akhir pekan dan hari libur.", published_days_ago=4, closes_in_days=10),
    Job("maganghotel", "griya", "Magang Perhotelan", "SMK", "Tangerang", "INTERN", (1_500_000, 1_500_000), 6,
        "Program magang tiga bulan di front office, housekeeping dan restoran, dengan uang saku dan sertifikat.",
        "Siswa kelas XII atau lulusan baru SMK Perhotelan/Tata Boga.", published_days_ago=29, closes_in_days=35,
        age=(17, 22)),
    Job("perawat", "sehat", "Perawat Klinik", "D3", "Karawaci", "FULL_TIME", (5_500_000, 6_500_000), 3,
        "Asuhan keperawatan pasien rawat jalan, tindakan ringan dan edukasi pasien.",
        "D3/S1 Keperawatan (Ners), memiliki STR aktif.", published_days_ago=16, closes_in_days=20),
    Job("apoteker", "sehat", "Apoteker Penanggung Jawab", "S1", "Karawaci", "FULL_TIME", (7_000_000, 9_000_000), 1,
        "Bertanggung jawab atas pelayanan dan pengelolaan obat di apotek klinik.",
        "Profesi Apoteker, STRA dan SIPA aktif atau bersedia mengurus.", published_days_ago=38,
        closes_in_days=30),
    Job("pendaftaran", "sehat", "Petugas Pendaftaran Pasien", "SMA", "Karawaci", "FULL_TIME", (UMK, 5_300_000), 2,
        "Mendaftarkan pasien umum dan BPJS di loket, mengatur antrean dan arsip rekam medis.",
        "Ramah, teliti, bisa komputer. Loket dirancang untuk pengguna kursi roda.", published_days_ago=9,
        closes_in_days=6, disability_friendly=True),
    Job("programmer", "kodekreatif", "Programmer Web (Python)", "S1", None, "FULL_TIME", (8_000_000, 12_000_000), 2,
        "Membangun dan merawat aplikasi web dengan Flask dan PostgreSQL untuk koperasi dan sekolah. Kerja dari "
        "rumah, bertemu tim di kantor Cibodas sebulan sekali.",
        "S1 Informatika atau setara, terbiasa dengan Git dan SQL, portofolio kode.", published_days_ago=14,
        closes_in_days=30),
    Job("uiux", "kodekreatif", "Desainer UI/UX", "D3", None, "CONTRACTOR", None, 1,
        "Merancang tampilan aplikasi yang mudah dipakai di ponsel murah, menguji dengan pengguna.\n\nGaji "
        "dibicarakan saat wawancara sesuai pengalaman.", "Portofolio desain, terbiasa dengan Figma.",
        published_days_ago=5, closes_in_days=25, disability_friendly=True),
    Job("cs", "kodekreatif", "Customer Support dari Rumah", "SMA", None, "PART_TIME", (3_000_000, 3_500_000), 3,
        "Menjawab pertanyaan pengguna aplikasi lewat chat dan e-mail, empat jam sehari dari rumah.",
        "Punya laptop dan internet stabil, bahasa Indonesia tulis yang rapi.", published_days_ago=11,
        closes_in_days=6, disability_friendly=True),
    Job("welder", "bangun", "Tukang Las Bersertifikat", "SMP", "Pinang", "CONTRACTOR", (5_500_000, 6_500_000), 6,
        "Pengelasan rangka baja untuk proyek gedung sekolah di Kota Tangerang, kontrak per proyek (8 bulan).",
        "Sertifikat las SMAW minimal kelas 3G, pengalaman proyek gedung.", published_days_ago=21,
        closes_in_days=15, age=(21, 45)),
    Job("drafter", "bangun", "Drafter AutoCAD", "SMK", "Pinang", "FULL_TIME", (5_500_000, 7_000_000), 1,
        "Membuat gambar kerja dan as-built drawing proyek gedung dan perumahan.",
        "SMK/D3 Teknik Bangunan atau Sipil, mahir AutoCAD 2D.", published_days_ago=36, closes_in_days=22),
    Job("pelaksana", "bangun", "Pelaksana Lapangan", "D3", "Pinang", "CONTRACTOR", (7_000_000, 9_000_000), 1,
        "Mengawasi pekerjaan harian di lokasi proyek, membuat laporan progres dan mengatur tukang.",
        "D3/S1 Teknik Sipil, pengalaman minimal 3 tahun, SKK Pelaksana menjadi nilai tambah.",
        published_days_ago=30, closes_in_days=2),
    Job("ao", "danabenteng", "Account Officer Kredit UMKM", "S1", "Tangerang", "FULL_TIME", (5_500_000, 7_500_000), 3,
        "Mencari dan mendampingi nasabah usaha mikro, menganalisis kelayakan kredit dan memantau angsuran.",
        "S1 semua jurusan, punya motor dan SIM C, senang bertemu orang.", published_days_ago=7,
        closes_in_days=30, age=(22, 32)),
    Job("teller", "danabenteng", "Teller", "D3", "Tangerang", "FULL_TIME", (5_100_000, 5_500_000), 2,
        "Melayani setoran, penarikan dan pembayaran nasabah di kantor pusat.",
        "D3/S1 semua jurusan, teliti dan jujur.", published_days_ago=41, closes_in_days=9),
    # --- expired (published, the closing day has passed) --------------------------------------------------
    Job("forklift", "presisi", "Operator Forklift", "SMA", "Jatiuwung", "FULL_TIME", (5_300_000, 5_800_000), 2,
        "Memindahkan bahan baku dan barang jadi di gudang dengan forklift.", "SIO forklift aktif.",
        state="expired", published_days_ago=40, closes_in_days=-4),
    Job("kasirmalam", "tokorakyat", "Kasir Shift Malam", "SMA", "Pinang", "FULL_TIME", (UMK, 5_300_000), 2,
        "Melayani pembeli di gerai 24 jam pukul 22.00–06.00.", "Bersedia kerja malam.",
        state="expired", published_days_ago=37, closes_in_days=-10),
    Job("waiter", "griya", "Waiter/Waitress", "SMA", "Tangerang", "FULL_TIME", (UMK, UMK), 4,
        "Melayani tamu restoran hotel.", "Ramah, rapi, bersedia kerja shift.",
        state="expired", published_days_ago=34, closes_in_days=-2),
    # --- closed by the employer -------------------------------------------------------------------------------
    Job("bidan", "sehat", "Bidan", "D3", "Karawaci", "FULL_TIME", (5_500_000, 6_500_000), 1,
        "Pelayanan KIA dan KB di klinik.", "D3 Kebidanan, STR aktif.",
        state="closed", published_days_ago=39, closes_in_days=10),
    Job("adminpajak", "lintas", "Staf Administrasi Pajak", "S1", "Neglasari", "FULL_TIME", (6_000_000, 7_000_000), 1,
        "Menyiapkan faktur dan laporan pajak bulanan perusahaan.", "S1 Akuntansi, Brevet A/B.",
        state="closed", published_days_ago=35, closes_in_days=5),
    # --- waiting for Disnaker's review ------------------------------------------------------------------------
    Job("satpam", "tenagamandiri", "Petugas Keamanan (Satpam)", "SMA", "Karawaci", "CONTRACTOR",
        (UMK, 5_300_000), 8, "Menjaga keamanan gedung perkantoran di Karawaci, shift 12 jam.",
        "Sertifikat Gada Pratama, tinggi badan minimal 165 cm.", state="review", closes_in_days=30,
        age=(20, 35)),
    Job("mandor", "bangun", "Mandor Bangunan", "SMP", "Pinang", "CONTRACTOR", (6_000_000, 7_000_000), 1,
        "Memimpin regu tukang di proyek perumahan.", "Pengalaman mandor minimal 3 tahun.",
        state="review", closes_in_days=30),
    Job("dataanalyst", "kodekreatif", "Analis Data Junior", "S1", None, "FULL_TIME", (7_000_000, 9_000_000), 1,
        "Mengolah data penggunaan aplikasi menjadi laporan untuk klien.", "S1 Statistika/Informatika, SQL.",
        state="review", closes_in_days=35),
    # --- drafts -----------------------------------------------------------------------------------------------
    Job("magangprogrammer", "kodekreatif", "Magang Programmer", "SMK", "Cibodas", "INTERN", (2_000_000, 2_000_000),
        2, "Belajar membuat aplikasi web bersama tim selama enam bulan.", "SMK RPL/TKJ atau mahasiswa.",
        state="draft", closes_in_days=45),
    Job("penagihan", "danabenteng", "Staf Penagihan", "SMA", "Tangerang", "FULL_TIME", None, 2,
        "Mengingatkan nasabah yang menunggak dengan sopan.", "Punya motor dan SIM C.",
        state="draft", closes_in_days=30),
    # --- returned to the employer with a note -------------------------------------------------------------------
    Job("marketing", "kodekreatif", "Staf Pemasaran Digital", "D3", "Cibodas", "FULL_TIME", None, 1,
        "Mengelola media sosial dan iklan daring perusahaan.",
        "Berpenampilan menarik, belum menikah, usia maksimal 25 tahun.", state="returned", closes_in_days=30,
        review_note="Syarat “berpenampilan menarik” dan “belum menikah” tidak berkaitan dengan pekerjaan; mohon "
                    "dihapus. Cantumkan juga kisaran gaji atau tulis bahwa gaji dibicarakan saat wawancara."),
]

# ---------------------------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Person:
    """A demo job seeker and what happened to them: their card's story and their applications.

    card: none | submitted | correction | rejected | active | expired | placed | renewed | corrected
    months: how long ago the (first) card was issued; reports: six-monthly reports made on it.
    applications: (vacancy key, status) in the order they were sent.
    """

    name: str
    gender: str
    birth: date
    birth_place: str
    kecamatan: str
    address: str
    education: str  # highest level
    major: str
    skills: str
    jobs_wanted: str
    religion: str | None = "islam"
    marital: str = "single"
    places_wanted: str = "Kota Tangerang"
    expected_pay: int | None = None
    disability: str | None = None
    trainings: tuple = ()  # (name, organizer, year, certificate)
    experiences: tuple = ()  # (employer, position, start year, end year or None, description)
    via: str = "online"  # "online" (has an account) | "counter" (registered by an officer)
    account: str | None = None  # "pencaker": the demo job-seeker account
    card: str = "active"
    months: int = 3
    reports: int = 0
    reason: str | None = None
    applications: tuple = ()
    kelurahan: int = 0  # which kelurahan of the kecamatan (by code order)
    extra: dict = field(default_factory=dict)


BLK = "UPTD Balai Latihan Kerja Kota Tangerang"

PEOPLE = [
    Person("Sari Wulandari", "P", date(1998, 4, 12), "Tangerang", "Cipondoh", "Jl. Kenanga II No. 14, RT 003/RW 005",
           "SMK", "Akuntansi dan Keuangan Lembaga", "Microsoft Excel, pembukuan sederhana, melayani pelanggan",
           "Admin, kasir, staf keuangan", expected_pay=5_200_000, account="pencaker", card="active", months=8,
           reports=1, trainings=(("Pelatihan Komputer Akuntansi", BLK, 2019, "BLK-AK/2019/0412"),),
           experiences=(("Koperasi Karyawan Sejahtera", "Staf administrasi", 2017, 2024,
                         "Mencatat simpanan dan pinjaman anggota."),),
           applications=(("admingudang", "sent"), ("pendaftaran", "seen"), ("teller", "called"))),
    Person("Ahmad Fauzi", "L", date(2001, 2, 3), "Tangerang", "Jatiuwung", "Gg. Masjid No. 5, RT 002/RW 001",
           "SMK", "Teknik Pemesinan", "Mesin bubut, CNC dasar, membaca gambar teknik", "Operator produksi, QC",
           trainings=(("Pemrograman CNC Dasar", BLK, 2021, "BLK-CNC/2021/0107"),), card="active", months=20,
           reports=3, applications=(("operator", "called"), ("qc", "seen"), ("forklift", "rejected"))),
    Person("Rizky Pratama", "L", date(2003, 7, 21), "Tangerang", "Periuk", "Perum Periuk Damai Blok D2 No. 4",
           "SMA", "IPA", "Mengemudi motor, Google Maps, melayani pelanggan", "Kurir, staf gudang", card="active",
           months=2, applications=(("kurir", "sent"), ("gudangpart", "sent"))),
    Person("Siti Aminah", "P", date(1995, 11, 8), "Serang", "Karawaci", "Jl. Teuku Umar No. 33, RT 006/RW 002",
           "D3", "Keperawatan", "Asuhan keperawatan, tensi dan injeksi, BLS", "Perawat klinik", marital="married",
           trainings=(("Basic Life Support", "Perhimpunan perawat daerah", 2020, "BLS/2020/3318"),),
           experiences=(("Klinik Pratama Bunda Sehat", "Perawat", 2017, 2025, "Perawat jaga rawat jalan."),),
           card="active", months=14, reports=2, expected_pay=6_000_000, kelurahan=2,
           applications=(("perawat", "called"),)),
    Person("Dimas Aditya", "L", date(1999, 9, 30), "Jakarta", "Cibodas", "Jl. Cempaka Raya No. 2, RT 001/RW 007",
           "S1", "Teknik Informatika", "Python, Flask, SQL, Git, HTML dan CSS", "Programmer web",
           religion="katolik", places_wanted="Kota Tangerang, kerja dari rumah", expected_pay=9_000_000,
           experiences=(("CV Solusi Data Mandiri", "Programmer junior", 2022, 2025, "Aplikasi kasir berbasis web."),),
           card="active", months=5, applications=(("programmer", "called"),)),
    Person("Putri Ayu Lestari", "P", date(2002, 1, 17), "Tangerang", "Cipondoh", "Jl. Melati No. 8, RT 004/RW 003",
           "D3", "Desain Komunikasi Visual", "Figma, ilustrasi, riset pengguna", "Desainer UI/UX, desainer grafis",
           card="active", months=1, kelurahan=3, applications=(("uiux", "sent"), ("programmer", "rejected"))),
    Person("Bayu Saputra", "L", date(1996, 5, 5), "Lebak", "Neglasari", "Kp. Kebon Kelapa RT 005/RW 002",
           "SMP", "", "Mengemudi truk, perawatan mesin diesel, bongkar muat", "Sopir truk, sopir pribadi",
           marital="married", experiences=(("UD Sumber Rezeki", "Sopir pengantar barang", 2016, 2025,
                                            "Mengantar bahan bangunan dengan truk engkel."),),
           trainings=(("Mengemudi Aman Kendaraan Niaga", BLK, 2022, ""),), card="active", months=11, reports=1,
           applications=(("sopirtruk", "accepted"),)),
    Person("Nur Aini", "P", date(2004, 8, 14), "Tangerang", "Batuceper", "Jl. Poris Indah Blok B No. 19",
           "SMA", "IPS", "Melayani pelanggan, menghitung cepat", "Kasir, pramuniaga", card="active", months=4,
           applications=(("kasir", "seen"), ("roomattendant", "sent"))),
    Person("Yohanes Sitorus", "L", date(1990, 12, 1), "Medan", "Karawaci", "Jl. Arya Santika No. 40, RT 002/RW 004",
           "SMK", "Teknik Mekanik Industri", "Perawatan mesin, pneumatik, listrik dasar, las", "Teknisi maintenance",
           religion="protestan", marital="married", expected_pay=7_000_000,
           experiences=(("PT Anugerah Plastik Indah", "Teknisi mesin injeksi", 2011, 2019, ""),
                        ("PT Surya Kemas Prima", "Kepala regu maintenance", 2019, 2026, "")),
           card="active", months=22, reports=3, applications=(("maintenance", "seen"),)),
    Person("Maria Simanjuntak", "P", date(1997, 3, 25), "Pematangsiantar", "Karawaci", "Jl. Beringin No. 12",
           "D3", "Perhotelan", "Front office, bahasa Inggris, Opera PMS", "Resepsionis hotel",
           religion="protestan", trainings=(("TOEIC Preparation", "Lembaga bahasa swasta", 2021, "skor 650"),),
           card="active", months=9, reports=1, applications=(("resepsionis", "called"), ("waiter", "rejected"))),
    Person("Hendra Gunawan", "L", date(1985, 6, 18), "Tangerang", "Pinang", "Jl. Pinang Raya No. 61, RT 004/RW 001",
           "SMP", "", "Las SMAW posisi 3G, membaca gambar kerja", "Tukang las, mandor", religion="buddha",
           marital="married", trainings=(("Juru Las SMAW 3G", BLK, 2015, "LAS/2015/0893"),),
           experiences=(("Proyek gedung berbagai kontraktor", "Tukang las", 2005, None, ""),),
           card="active", months=16, reports=2, applications=(("welder", "called"),)),
    Person("Fitriani", "P", date(2006, 10, 2), "Tangerang", "Larangan", "Jl. Raden Saleh Gg. Haji Ipin No. 3",
           "SMK", "Perhotelan", "Housekeeping, tata hidang", "Magang hotel, room attendant", card="active",
           months=1, applications=(("maganghotel", "sent"),)),
    Person("Agus Riyanto", "L", date(1983, 1, 9), "Brebes", "Jatiuwung", "Kontrakan Haji Somad No. 7, Keroncong",
           "SD", "", "Bongkar muat, kuli bangunan", "Helper gudang, kuli proyek", marital="married",
           via="counter", card="active", months=6, kelurahan=1,
           applications=(("helper", "seen"),)),
    Person("Wulan Sari", "P", date(1993, 7, 7), "Tangerang", "Ciledug", "Jl. Sudimara Timur No. 22",
           "SMA", "IPS", "Pendaftaran pasien, komputer, arsip", "Admin klinik, resepsionis",
           disability="Pengguna kursi roda (paraplegia)", card="active", months=3, kelurahan=2,
           applications=(("pendaftaran", "called"), ("admingudang", "seen"), ("cs", "seen"))),
    Person("Kevin Wijaya", "L", date(2000, 4, 4), "Tangerang", "Tangerang", "Jl. Kisamaun No. 101",
           "S1", "Manajemen", "Analisis kredit, penjualan, Excel", "Account officer, staf bank", religion="khonghucu",
           card="active", months=7, applications=(("ao", "seen"), ("teller", "sent"))),
    # --- an expired card ---------------------------------------------------------------------------------------
    Person("Eko Prasetyo", "L", date(1988, 8, 8), "Purworejo", "Periuk", "Perum Total Persada Blok H No. 11",
           "SMA", "IPA", "Forklift, stok gudang", "Operator forklift, staf gudang", marital="married",
           experiences=(("CV Gudang Makmur Abadi", "Operator forklift", 2012, 2024, ""),),
           trainings=(("Operator Forklift (SIO)", "Lembaga K3 swasta", 2018, "SIO/FL/2018/2231"),),
           card="expired", months=27, reports=4, applications=(("forklift", "seen"),)),
    Person("Ratna Komalasari", "P", date(1991, 2, 28), "Sumedang", "Cibodas", "Jl. Cibodas Raya No. 5",
           "SMP", "", "Menjahit, obras", "Operator jahit", marital="divorced",
           experiences=(("Konveksi rumahan di Cibodas", "Penjahit borongan", 2008, 2023, "Kaos dan seragam."),), card="expired", months=30, reports=2),
    Person("Ilham Maulana", "L", date(2002, 12, 12), "Tangerang", "Benda", "Jl. Belendung No. 17",
           "SMK", "Tata Boga", "Memasak, kebersihan dapur, penjamah makanan", "Cook helper, barista",
           trainings=(("Penjamah Makanan", "Dinas Kesehatan", 2022, ""),), card="expired", months=25, reports=1,
           applications=(("cook", "sent"),)),
    # --- waiting for Disnaker ------------------------------------------------------------------------------------
    Person("Annisa Rahmawati", "P", date(2005, 5, 19), "Tangerang", "Karang Tengah", "Jl. Karang Tengah Raya No. 12",
           "SMA", "IPA", "Melayani pelanggan, media sosial", "Kasir, admin toko", card="submitted", months=0,
           applications=(("kasir", "sent"),)),
    Person("Muhammad Iqbal", "L", date(1997, 9, 3), "Tangerang", "Tangerang", "Jl. Mohamad Yamin No. 8",
           "S1", "Akuntansi", "Perpajakan, Brevet A/B, SAP", "Staf pajak, akuntan", card="submitted",
           trainings=(("Brevet Pajak A dan B", "Lembaga pelatihan pajak", 2020, "BRV/2020/117"),),
           applications=(("adminpajak", "rejected"),)),
    Person("Tiara Anjani", "P", date(2003, 3, 3), "Tangerang", "Larangan", "Jl. Cipadu Raya No. 45",
           "D1", "Administrasi Perkantoran", "Mengetik cepat, surat-menyurat", "Admin kantor", card="submitted",
           via="counter"),
    Person("Reza Firmansyah", "L", date(1994, 10, 10), "Bogor", "Pinang", "Jl. Kunciran Indah No. 3",
           "D3", "Teknik Sipil", "AutoCAD, rencana anggaran biaya, pengawasan proyek", "Drafter, pelaksana",
           trainings=(("AutoCAD 2D dan 3D", BLK, 2016, "BLK-CAD/2016/0220"),), card="submitted", applications=(("drafter", "seen"), ("pelaksana", "sent"))),
    # --- sent back or refused ---------------------------------------------------------------------------------
    Person("Dewi Anggraini", "P", date(1999, 6, 30), "Tangerang", "Neglasari", "Jl. Selapajang No. 9",
           "SMK", "Otomatisasi Tata Kelola Perkantoran", "Arsip, Excel", "Admin ekspedisi", card="correction",
           reason="Foto kurang jelas (wajah tertutup bayangan). Mohon unggah pas foto 3×4 dengan latar polos.",
           applications=(("adminekspedisi", "sent"),)),
    Person("Andi Setiawan", "L", date(1992, 4, 15), "Tangerang", "Ciledug", "Jl. Paninggilan No. 27",
           "SMA", "IPS", "Penjualan, mengemudi", "Sales, sopir", marital="married",
           experiences=(("Distributor minuman ringan", "Sales kanvas", 2013, 2025, ""),), card="correction",
           reason="Alamat di profil berbeda dengan kecamatan pada NIK; lengkapi RT/RW dan pilih kecamatan yang benar."),
    Person("Lina Marlina", "P", date(1987, 12, 24), "Cianjur", "Batuceper", "Jl. Batu Jaya No. 14",
           "SD", "", "Memasak, bersih-bersih", "Asisten rumah tangga, pencuci piring",
           experiences=(("Rumah makan padang di Batuceper", "Pencuci piring", 2015, 2022, ""),), card="rejected",
           reason="NIK ini sudah terdaftar di kabupaten asal dengan kartu yang masih berlaku. Silakan datang ke "
                  "loket Disnaker dengan KTP untuk pindah data.", via="counter"),
    # --- found work, card made inactive --------------------------------------------------------------------------
    Person("Teguh Santoso", "L", date(1989, 11, 11), "Klaten", "Cipondoh", "Perum Griya Cipondoh Blok A No. 2",
           "SMK", "Teknik Kendaraan Ringan", "Servis motor dan mobil", "Mekanik", marital="married",
           experiences=(("Bengkel Sumber Jaya Motor", "Mekanik motor", 2009, 2025, ""),),
           card="placed", months=10, reports=1, extra={"placed_at": "Bengkel Maju Motor"}),
    Person("Mega Puspita", "P", date(1996, 1, 21), "Tangerang", "Karawaci", "Jl. Bugis No. 6",
           "D3", "Kebidanan", "Pelayanan KIA dan KB, persalinan normal", "Bidan", card="active", months=12,
           reports=2, applications=(("bidan", "accepted"),)),
    # --- a renewal and a correction: the old card is kept, inactive ----------------------------------------------
    Person("Wahyu Hidayat", "L", date(1986, 3, 16), "Tangerang", "Tangerang", "Jl. Sukasari No. 19",
           "S1", "Teknik Sipil", "Manajemen proyek, K3 konstruksi", "Pelaksana, site manager", marital="married",
           experiences=(("PT Graha Beton Utama", "Pelaksana lapangan", 2010, 2024, "Proyek ruko dan sekolah."),),
           card="renewed", months=26, reports=4, applications=(("pelaksana", "seen"),)),
    Person("Yuliana Hutapea", "P", date(2000, 8, 29), "Tarutung", "Karang Tengah", "Jl. Pondok Bahar No. 31",
           "S1", "Farmasi", "Pelayanan resep, manajemen stok obat", "Apoteker", religion="katolik",
           card="corrected", months=6, applications=(("apoteker", "called"),)),
    # --- a profile without a card yet ----------------------------------------------------------------------------
    Person("Novita Sari", "P", date(2007, 2, 14), "Tangerang", "Benda", "Jl. Jurumudi No. 2",
           "SMA", "IPS", "Media sosial, desain Canva", "Admin media sosial, kasir", card="none",
           applications=(("cs", "sent"),)),
]

# ------------------------------------------------------------------------------- reports and job fairs

REPORTS = [
    # vacancy key, reason, details, status
    ("kurir", "fee", "Waktu saya telepon nomor di brosur, saya diminta transfer Rp 350.000 untuk seragam dan "
                     "ID card sebelum wawancara.", "open"),
    ("operator", "contact", "Alamat wawancaranya di dalam kawasan industri, saya kira palsu karena tidak ada "
                            "papan nama di depan.", "dismissed"),
]

UPCOMING_FAIR = {
    "slug": "bursa-kerja-akhir-tahun",
    "title": "Bursa Kerja {region} Akhir Tahun",
    "hours": "08.00–15.00 WIB",
    "place": "Gedung Serbaguna Pusat Pemerintahan",
    "address": "Jl. Satria Sudirman No. 1, Sukaasih, Kec. Tangerang",
    "description": "Dua hari bertemu langsung dengan perusahaan yang membuka lowongan. Gratis, tanpa "
                   "pendaftaran. Bawa beberapa lembar CV, fotokopi ijazah dan kartu AK/1 bila sudah punya.",
    # company key (or a name for a company not registered here), booth, openings
    "companies": [("presisi", "A1", 25), ("tokorakyat", "A2", 12), ("lintas", "A3", 20), ("griya", "B1", 8),
                  ("sehat", "B2", 5), ("PT Anugerah Busana Indah (garmen)", "B3", 40)],
}

PAST_FAIR = {
    "slug": "job-fair-vokasi-smk",
    "title": "Job Fair Vokasi Lulusan SMK",
    "hours": "09.00–14.00 WIB",
    "place": "Aula UPTD Balai Latihan Kerja",
    "address": "Jl. Gatot Subroto Km 5, Kec. Jatiuwung",
    "description": "Bursa kerja khusus lulusan SMK dan peserta pelatihan BLK, dengan sesi tips wawancara.",
    "companies": [("presisi", "1", 15), ("bangun", "2", 6), ("kodekreatif", "3", 2), ("griya", "4", 6)],
}

# Schools, by level: formatted with the person's kecamatan name.
SCHOOLS = {
    "SD": "SD Negeri {kecamatan} {n}",
    "SMP": "SMP Negeri {n} Kota Tangerang",
    "SMA": "SMA Negeri {n} Kota Tangerang",
    "SMK": "SMK Negeri {n} Kota Tangerang",
    "D1": "Lembaga Pendidikan Profesi Cisadane",
    "D3": "Politeknik Karya Cisadane",
    "S1": "Universitas Benteng Nusantara",
}
# Age at which each level is usually finished, and the levels below it that a person also lists.
FINISHED_AT = {"SD": 12, "SMP": 15, "SMA": 18, "SMK": 18, "D1": 19, "D3": 21, "S1": 22}
PATH = {"SD": ("SD",), "SMP": ("SD", "SMP"), "SMA": ("SD", "SMP", "SMA"), "SMK": ("SD", "SMP", "SMK"),
        "D1": ("SD", "SMP", "SMA", "D1"), "D3": ("SD", "SMP", "SMA", "D3"), "S1": ("SD", "SMP", "SMA", "S1")}

INTERVIEW_PLACES = "{address} (bawa CV, fotokopi ijazah dan KTP)"
REJECTION_NOTE = "Terima kasih sudah melamar. Kali ini kami memilih kandidat lain yang pengalamannya lebih sesuai."
ACCEPTANCE_NOTE = "Selamat bergabung. Silakan datang ke bagian HRD pukul 08.00 membawa dokumen asli."
