"""The words behind the Berita demo: categories, about three dozen stories, announcements and the four
standard information pages, written as a Kota's Diskominfo would publish them.

A story is a set of facts (lead, background, a list, a quote, a link); `demo.compose_body` arranges them
into Markdown in one of a few layouts so the articles do not all read alike. Text may use these
placeholders, filled from the story's publish date in the region's time: `{hari}` ("Selasa (14/10)"),
`{kemarin}` (the day before), `{pekan_depan}` (a week later), `{tanggal}` ("14 Oktober 2026"),
`{kota}` (the region's name). People are never named: statements come from offices.
"""
from __future__ import annotations

from dataclasses import dataclass

# slug, name, colour of its cover illustrations (dark enough for white text), the colour's name for alt text
CATEGORIES = [
    ("pemerintahan", "Pemerintahan", (29, 79, 145), "biru tua"),
    ("pembangunan", "Pembangunan", (138, 75, 8), "cokelat"),
    ("kesehatan", "Kesehatan", (15, 118, 110), "hijau toska"),
    ("pendidikan", "Pendidikan", (91, 33, 182), "ungu"),
    ("ekonomi-umkm", "Ekonomi & UMKM", (180, 83, 9), "jingga tua"),
    ("lingkungan", "Lingkungan", (21, 128, 61), "hijau"),
    ("sosial-budaya", "Sosial & Budaya", (157, 23, 77), "merah marun"),
    ("olahraga", "Olahraga", (194, 65, 12), "oranye"),
    ("layanan-publik", "Layanan Publik", (51, 65, 85), "abu-abu kebiruan"),
]

HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"]


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    category: str  # a CATEGORIES slug
    department: str  # a core demo DEPARTMENTS slug: the office shown as the author
    days_ago: int  # publish date, in days before today (region time)
    hour: int  # local hour of publishing
    tags: tuple[str, ...]
    summary: str
    lead: str
    context: str
    list_heading: str
    items: tuple[str, ...]
    quote: str  # without closing punctuation; `speaker` says who said it
    link: tuple[str, str]  # label, URL
    speaker: str = ""  # empty: "Kepala <department>"
    status: str = "published"  # or draft, scheduled (tomorrow 09:00), archived


STORIES: list[Story] = [
    # --- Pemerintahan -------------------------------------------------------------------------------------
    Story(
        "musrenbang-karawaci-tetapkan-usulan-prioritas", "Musrenbang Kecamatan Karawaci Tetapkan 25 Usulan Prioritas",
        "pemerintahan", "diskominfo", 3, 10, ("musrenbang", "karawaci", "perencanaan"),
        "Perbaikan drainase, penerangan jalan dan posyandu mendominasi usulan warga yang dibawa ke tingkat kota.",
        "Musyawarah perencanaan pembangunan (Musrenbang) Kecamatan Karawaci yang digelar {hari} di aula kantor "
        "kecamatan menetapkan 25 usulan prioritas. Usulan itu disaring dari lebih dari 140 masukan yang "
        "dikumpulkan lewat rembuk warga di 16 kelurahan selama sebulan terakhir.",
        "Sebagian besar usulan menyangkut kebutuhan sehari-hari: saluran air yang sering meluap saat hujan deras, "
        "lampu jalan di gang permukiman, dan ruang pelayanan posyandu yang lebih layak. Setiap usulan dinilai "
        "dari jumlah warga yang merasakan manfaatnya, kesiapan lahan, dan kesesuaiannya dengan rencana kerja "
        "perangkat daerah.",
        "Lima usulan dengan skor tertinggi",
        ("Normalisasi saluran di Kelurahan Nusa Jaya dan Bojong Jaya",
         "Penerangan jalan umum di sepanjang Jl. Imam Bonjol bagian dalam",
         "Renovasi ruang posyandu di Kelurahan Sumur Pacing",
         "Pelatihan pengemasan produk untuk pelaku UMKM",
         "Penambahan tempat pembuangan sampah sementara yang tertutup"),
        "Usulan yang tidak masuk prioritas tahun ini tidak hilang. Semuanya tercatat dan bisa diajukan kembali "
        "tahun depan dengan data pendukung yang lebih lengkap",
        ("Portal resmi Pemerintah Kota Tangerang", "https://tangerangkota.go.id"),
        speaker="Camat Karawaci",
    ),
    Story(
        "satpol-pp-tertibkan-reklame-liar-daan-mogot", "Satpol PP Tertibkan 180 Reklame Liar di Jalan Daan Mogot",
        "pemerintahan", "satpol-pp", 11, 8, ("penertiban", "reklame", "daan mogot"),
        "Spanduk, baliho kecil dan papan nama tanpa izin dicopot karena menutupi rambu dan membahayakan pengendara.",
        "Petugas Satuan Polisi Pamong Praja menertibkan sekitar 180 reklame tanpa izin di sepanjang Jalan Daan "
        "Mogot, {kemarin}. Penertiban dimulai dari perbatasan Batuceper dan berakhir di kawasan Tanah Tinggi.",
        "Reklame yang dicopot kebanyakan berupa spanduk promosi, baliho kecil yang dipaku ke pohon, dan papan "
        "nama yang menutupi rambu lalu lintas. Beberapa di antaranya dipasang di tiang penerangan jalan sehingga "
        "berisiko jatuh ke badan jalan ketika angin kencang.",
        "Yang perlu diketahui pemilik reklame",
        ("Reklame yang dicopot dapat diambil di kantor Satpol PP paling lambat 14 hari kerja",
         "Pemasangan reklame wajib memiliki izin dan membayar pajak reklame",
         "Reklame tidak boleh dipasang di pohon, tiang listrik, rambu, atau jembatan penyeberangan",
         "Pelanggaran berulang dapat dikenai sanksi sesuai peraturan daerah"),
        "Kami tidak melarang usaha berpromosi. Kami hanya meminta agar reklame dipasang di tempat yang aman dan "
        "berizin, supaya tidak mencelakai pengguna jalan",
        ("Peraturan daerah di JDIH Kota Tangerang", "https://jdih.tangerangkota.go.id"),
    ),
    Story(
        "kanal-aspirasi-digital-diluncurkan", "Kanal Aspirasi Digital Resmi Diluncurkan, Laporan Warga Bisa Dilacak",
        "pemerintahan", "diskominfo", 46, 13, ("aspirasi", "layanan digital", "pengaduan"),
        "Warga kini dapat mengirim keluhan dan usulan dari ponsel, lalu memantau siapa yang menanganinya.",
        "Pemerintah {kota} meluncurkan kanal aspirasi digital pada {hari}. Lewat kanal ini warga dapat "
        "melaporkan jalan rusak, sampah menumpuk, atau lampu jalan padam langsung dari ponsel, lengkap dengan "
        "foto dan lokasi.",
        "Setiap laporan mendapat kode pelacakan. Laporan lebih dulu diverifikasi, lalu diteruskan ke perangkat "
        "daerah yang berwenang, misalnya Dinas Pekerjaan Umum untuk jalan dan drainase atau Dinas Lingkungan "
        "Hidup untuk persampahan. Batas waktu tanggapan dihitung dalam hari kerja dan dapat dilihat oleh pelapor.",
        "Cara mengirim laporan",
        ("Buka menu Aspirasi dan pilih kategori yang paling sesuai",
         "Tulis keterangan singkat, tambahkan foto dan tandai lokasi",
         "Simpan kode pelacakan yang muncul setelah laporan terkirim",
         "Pantau perkembangan dan beri penilaian setelah laporan selesai"),
        "Identitas pelapor untuk laporan sensitif kami lindungi. Yang kami ingin warga rasakan adalah kepastian: "
        "laporan diterima, ditangani, dan ada jawabannya",
        ("Kirim laporan lewat kanal Aspirasi", "/aspirasi/baru"),
    ),
    Story(
        "rencana-penataan-pkl-pasar-lama", "Rencana Penataan Pedagang Kaki Lima di Kawasan Pasar Lama",
        "pemerintahan", "satpol-pp", 0, 9, ("pkl", "pasar lama", "penataan"),
        "Pedagang akan dipindahkan ke lahan relokasi yang disiapkan bersama paguyuban pedagang.",
        "Pemerintah {kota} menyiapkan penataan pedagang kaki lima di kawasan kuliner Pasar Lama, Kecamatan "
        "Tangerang. Rencana ini dibahas bersama paguyuban pedagang dalam tiga kali pertemuan.",
        "Trotoar di sekitar kawasan sering tertutup lapak sehingga pejalan kaki terpaksa turun ke badan jalan. "
        "Penataan diarahkan agar pedagang tetap berjualan di lokasi yang ramai, namun dengan jam operasional dan "
        "batas lapak yang jelas.",
        "Tahapan yang direncanakan",
        ("Pendataan ulang pedagang bersama paguyuban",
         "Penandaan batas lapak dan jalur pejalan kaki",
         "Uji coba jam operasional selama satu bulan",
         "Evaluasi bersama pedagang dan warga sekitar"),
        "Penataan ini kami lakukan bersama pedagang, bukan melawan mereka. Kawasan ini hidup karena mereka",
        ("Portal resmi Pemerintah Kota Tangerang", "https://tangerangkota.go.id"),
        status="draft",
    ),
    # --- Pembangunan --------------------------------------------------------------------------------------
    Story(
        "perbaikan-jalan-hasyim-ashari-cipondoh",
        "Perbaikan Jalan KH Hasyim Ashari di Cipondoh Ditargetkan Rampung Akhir Bulan",
        "pembangunan", "dpupr", 2, 15, ("jalan", "cipondoh", "infrastruktur"),
        "Pengaspalan ulang sepanjang 1,8 kilometer dikerjakan malam hari agar tidak memperparah kemacetan.",
        "Dinas Pekerjaan Umum dan Penataan Ruang mulai mengaspal ulang Jalan KH Hasyim Ashari di ruas Cipondoh "
        "sepanjang 1,8 kilometer. Pekerjaan yang dimulai {hari} itu ditargetkan selesai pada akhir bulan.",
        "Ruas ini dilalui ribuan kendaraan setiap hari dan menjadi penghubung utama antara Cipondoh, Pinang dan "
        "pusat kota. Lubang dan permukaan bergelombang di beberapa titik sudah lama dikeluhkan warga, termasuk "
        "lewat laporan yang masuk ke kanal aspirasi.",
        "Jadwal dan pengaturan lalu lintas",
        ("Pekerjaan dilakukan pukul 22.00–05.00 WIB",
         "Satu lajur tetap dibuka untuk setiap arah",
         "Petugas Dinas Perhubungan berjaga di simpang-simpang utama",
         "Pengendara disarankan melintas lewat Jl. Raden Saleh pada malam hari"),
        "Kami memilih malam hari supaya warga yang berangkat kerja pagi tidak terjebak antrean panjang. Mohon "
        "maaf atas ketidaknyamanannya selama pekerjaan berlangsung",
        ("Laporkan jalan rusak lainnya", "/aspirasi/baru"),
        speaker="Kepala Bidang Bina Marga DPUPR",
    ),
    Story(
        "normalisasi-saluran-periuk-kurangi-genangan", "Normalisasi Saluran di Periuk untuk Kurangi Genangan",
        "pembangunan", "dpupr", 19, 9, ("drainase", "periuk", "banjir"),
        "Saluran sepanjang 2,3 kilometer dikeruk dan diperlebar di tiga kelurahan yang langganan tergenang.",
        "Alat berat dikerahkan ke Kecamatan Periuk untuk mengeruk dan memperlebar saluran sepanjang 2,3 "
        "kilometer. Pekerjaan normalisasi berlangsung di Kelurahan Periuk Jaya, Gembor dan Gebang Raya.",
        "Selama ini air hujan dari permukiman mengalir lambat karena saluran menyempit dan tertimbun sedimen. "
        "Setelah dikeruk, saluran diharapkan mampu menampung debit air dua kali lebih besar, sehingga genangan "
        "di jalan lingkungan lebih cepat surut.",
        "Yang dikerjakan",
        ("Pengerukan sedimen dan sampah di dasar saluran",
         "Pelebaran saluran di titik yang menyempit",
         "Penggantian gorong-gorong yang rusak di depan sekolah",
         "Pemasangan saringan sampah di hulu saluran"),
        "Normalisasi hanya bertahan kalau saluran tidak dijadikan tempat membuang sampah. Kami mengajak warga "
        "menjaga saluran di depan rumah masing-masing",
        ("Informasi cuaca dan peringatan dini BMKG", "https://www.bmkg.go.id"),
        speaker="Kepala Bidang Sumber Daya Air DPUPR",
    ),
    Story(
        "jembatan-penghubung-neglasari-tahap-akhir", "Jembatan Penghubung di Neglasari Memasuki Tahap Akhir",
        "pembangunan", "dpupr", 33, 11, ("jembatan", "neglasari", "infrastruktur"),
        "Jembatan selebar enam meter akan memangkas jarak tempuh warga dua kelurahan yang selama ini memutar.",
        "Pembangunan jembatan penghubung di Kecamatan Neglasari telah mencapai 85 persen. Jembatan selebar enam "
        "meter itu menghubungkan Kelurahan Mekarsari dan Kedaung Baru yang dipisahkan aliran sungai.",
        "Selama ini warga harus memutar sekitar tiga kilometer untuk mencapai sekolah dan puskesmas di seberang "
        "sungai. Jembatan baru dilengkapi trotoar di kedua sisi sehingga aman bagi pejalan kaki dan pesepeda.",
        "Pekerjaan yang tersisa",
        ("Pengaspalan lantai jembatan dan oprit",
         "Pemasangan pagar pengaman dan lampu penerangan",
         "Uji beban sebelum jembatan dibuka",
         "Penanaman pohon peneduh di kedua ujung jembatan"),
        "Kalau cuaca mendukung, jembatan bisa dilalui warga dalam waktu sekitar tiga minggu",
        ("Portal resmi Pemerintah Kota Tangerang", "https://tangerangkota.go.id"),
        speaker="Pengawas proyek dari DPUPR",
    ),
    Story(
        "dishub-pasang-lampu-penerangan-jalan-benda", "Dishub Pasang 40 Lampu Penerangan Jalan Baru di Benda",
        "pembangunan", "dishub", 58, 14, ("penerangan jalan", "benda", "keselamatan"),
        "Lampu LED hemat energi dipasang di ruas yang rawan kecelakaan dan gelap pada malam hari.",
        "Dinas Perhubungan memasang 40 titik lampu penerangan jalan umum berteknologi LED di Kecamatan Benda. "
        "Pemasangan yang rampung {hari} itu difokuskan pada ruas Jalan Husein Sastranegara dan jalan lingkungan "
        "di sekitar Kelurahan Jurumudi.",
        "Ruas tersebut dipilih karena tercatat sebagai lokasi beberapa kecelakaan pada malam hari dan sering "
        "dikeluhkan warga yang pulang kerja larut. Lampu LED mengonsumsi listrik lebih sedikit dibanding lampu "
        "lama, sehingga biaya rekening listrik penerangan jalan dapat ditekan.",
        "Lokasi pemasangan",
        ("24 titik di Jl. Husein Sastranegara",
         "10 titik di jalan lingkungan Kelurahan Jurumudi",
         "6 titik di sekitar halte dan tempat penyeberangan"),
        "Jalan yang terang membuat pengendara lebih waspada dan pejalan kaki lebih aman. Lampu yang padam bisa "
        "langsung dilaporkan warga agar segera kami ganti",
        ("Laporkan lampu jalan padam", "/aspirasi/baru"),
    ),
    # --- Kesehatan ----------------------------------------------------------------------------------------
    Story(
        "imunisasi-campak-rubela-gratis-balita", "Imunisasi Campak-Rubela Gratis untuk Balita di Seluruh Puskesmas",
        "kesehatan", "dinkes", 1, 8, ("imunisasi", "balita", "puskesmas"),
        "Orang tua cukup membawa buku KIA; layanan tersedia setiap hari kerja hingga akhir bulan.",
        "Dinas Kesehatan membuka layanan imunisasi campak-rubela gratis untuk anak usia 9 bulan hingga di bawah "
        "5 tahun di seluruh puskesmas. Layanan dimulai {hari} dan berlangsung setiap hari kerja hingga akhir "
        "bulan.",
        "Campak mudah menular dan dapat menimbulkan komplikasi berat pada anak, sedangkan rubela berbahaya bila "
        "menulari ibu hamil. Anak yang sudah pernah diimunisasi tetap dianjurkan mendapat dosis ini untuk "
        "memperkuat perlindungan.",
        "Yang perlu dibawa",
        ("Buku Kesehatan Ibu dan Anak (KIA) atau kartu imunisasi",
         "Fotokopi kartu keluarga bila belum terdaftar di puskesmas",
         "Pastikan anak dalam keadaan sehat dan tidak demam"),
        "Imunisasi ini aman dan gratis. Jangan tunda, karena perlindungan anak juga melindungi adik, kakak dan "
        "tetangganya",
        ("Informasi imunisasi dari Kementerian Kesehatan", "https://www.kemkes.go.id"),
    ),
    Story(
        "waspada-dbd-gerakan-3m-plus", "Waspada Demam Berdarah: Dinkes Ajak Warga Gerakan 3M Plus Seminggu Sekali",
        "kesehatan", "dinkes", 16, 10, ("dbd", "jentik", "3m plus"),
        "Kasus demam berdarah naik di beberapa kelurahan; pemberantasan sarang nyamuk dinilai lebih ampuh "
        "daripada pengasapan.",
        "Apa yang paling efektif mencegah demam berdarah? Menurut Dinas Kesehatan, jawabannya bukan pengasapan, "
        "melainkan memastikan tidak ada jentik nyamuk di rumah. Ajakan itu kembali disampaikan {hari} setelah "
        "kasus demam berdarah meningkat di Kecamatan Larangan dan Ciledug.",
        "Pengasapan hanya membunuh nyamuk dewasa dan tidak menjangkau jentik yang hidup di genangan air bersih. "
        "Karena itu kader juru pemantau jentik kembali berkeliling dari rumah ke rumah setiap Jumat.",
        "Gerakan 3M Plus di rumah",
        ("Menguras bak mandi dan tempat penampungan air",
         "Menutup rapat wadah air",
         "Mendaur ulang barang bekas yang bisa menampung air hujan",
         "Plus: memakai lotion antinyamuk, memasang kelambu, dan menanam tanaman pengusir nyamuk"),
        "Demam tinggi mendadak selama dua sampai tujuh hari harus segera diperiksakan ke puskesmas. Jangan "
        "menunggu bintik merah muncul",
        ("Informasi demam berdarah dari Kementerian Kesehatan", "https://www.kemkes.go.id"),
        speaker="Kepala Bidang Pencegahan dan Pengendalian Penyakit Dinkes",
    ),
    Story(
        "posyandu-remaja-hadir-di-larangan", "Posyandu Remaja Hadir di Kecamatan Larangan",
        "kesehatan", "dinkes", 40, 16, ("posyandu", "remaja", "larangan"),
        "Remaja usia 10–18 tahun bisa cek tinggi badan, tekanan darah dan hemoglobin sambil berkonsultasi.",
        "Kecamatan Larangan kini memiliki posyandu remaja di setiap kelurahan. Posyandu yang buka sebulan sekali "
        "pada Sabtu pagi ini melayani pemeriksaan kesehatan dasar untuk remaja usia 10 hingga 18 tahun.",
        "Selain pemeriksaan, remaja dapat berkonsultasi tentang gizi, kesehatan reproduksi dan kesehatan mental "
        "dengan tenaga kesehatan puskesmas. Kader posyandu remaja sendiri berasal dari pelajar yang telah "
        "mengikuti pelatihan.",
        "Layanan di posyandu remaja",
        ("Penimbangan dan pengukuran tinggi badan",
         "Pemeriksaan tekanan darah dan kadar hemoglobin",
         "Pemberian tablet tambah darah untuk remaja putri",
         "Konsultasi gizi dan kesehatan mental"),
        "Remaja sering merasa sehat sehingga jarang memeriksakan diri. Padahal anemia pada remaja putri cukup "
        "banyak kami temukan",
        ("Layanan kesehatan di Kementerian Kesehatan", "https://www.kemkes.go.id"),
        speaker="Kepala Puskesmas Larangan Utara",
    ),
    Story(
        "cek-kesehatan-gratis-lansia-pinang", "Pemeriksaan Kesehatan Gratis untuk Warga Lanjut Usia di Pinang",
        "kesehatan", "dinkes", 72, 9, ("lansia", "pinang", "cek kesehatan"),
        "Lebih dari 300 warga lanjut usia memeriksakan gula darah, kolesterol dan tekanan darah.",
        "PINANG — Lebih dari 300 warga lanjut usia mengikuti pemeriksaan kesehatan gratis di halaman kantor "
        "Kecamatan Pinang, {hari}. Kegiatan ini bagian dari program pemeriksaan kesehatan berkala yang "
        "bergiliran di 13 kecamatan.",
        "Petugas menemukan cukup banyak peserta dengan tekanan darah tinggi yang belum pernah berobat. Mereka "
        "langsung dirujuk ke puskesmas terdekat untuk pemeriksaan lanjutan dan pengobatan rutin yang ditanggung "
        "JKN.",
        "Pemeriksaan yang tersedia",
        ("Tekanan darah, gula darah dan kolesterol",
         "Pemeriksaan mata sederhana",
         "Konsultasi obat bagi yang sudah berobat rutin",
         "Senam ringan dan penyuluhan gizi"),
        "Yang paling penting setelah pemeriksaan adalah kontrol teratur. Puskesmas siap mendampingi",
        ("Cek kepesertaan JKN di BPJS Kesehatan", "https://www.bpjs-kesehatan.go.id"),
        speaker="Petugas Dinas Kesehatan",
    ),
    # --- Pendidikan ---------------------------------------------------------------------------------------
    Story(
        "jadwal-pendaftaran-sekolah-tahun-ajaran-baru",
        "Pendaftaran Sekolah Tahun Ajaran Baru: Jadwal dan Berkas yang Perlu Disiapkan",
        "pendidikan", "diskominfo", 5, 9, ("ppdb", "sekolah", "pendaftaran"),
        "Pendaftaran SD dan SMP negeri dilakukan daring; sekolah membuka meja bantuan bagi orang tua.",
        "Pendaftaran peserta didik baru untuk SD dan SMP negeri di {kota} dibuka dalam beberapa jalur: "
        "domisili, afirmasi, perpindahan tugas orang tua, dan prestasi. Seluruh pendaftaran dilakukan secara "
        "daring.",
        "Orang tua yang kesulitan mengisi formulir dapat datang ke meja bantuan di sekolah tujuan pada jam kerja. "
        "Panitia mengingatkan agar data kartu keluarga dan akta kelahiran sudah sesuai, karena jalur domisili "
        "dihitung dari alamat pada kartu keluarga.",
        "Berkas yang disiapkan",
        ("Kartu keluarga dan akta kelahiran calon siswa",
         "Rapor atau surat keterangan lulus (untuk SMP)",
         "Kartu program bantuan sosial (untuk jalur afirmasi)",
         "Surat penugasan orang tua (untuk jalur perpindahan tugas)"),
        "Jangan terburu-buru di hari pertama. Kuota tidak ditentukan oleh siapa yang paling cepat mendaftar",
        ("Portal resmi Pemerintah Kota Tangerang", "https://tangerangkota.go.id"),
        speaker="Panitia pendaftaran tingkat kota",
    ),
    Story(
        "perpustakaan-keliling-sambangi-sd-batuceper", "Perpustakaan Keliling Sambangi Sekolah Dasar di Batuceper",
        "pendidikan", "diskominfo", 24, 10, ("literasi", "perpustakaan", "batuceper"),
        "Mobil perpustakaan membawa 1.500 buku cerita dan buku pelajaran ke sekolah yang belum punya perpustakaan "
        "memadai.",
        "Anak-anak SD di Kecamatan Batuceper menyambut mobil perpustakaan keliling yang datang ke sekolah mereka "
        "{hari}. Mobil itu membawa sekitar 1.500 buku, mulai dari buku cerita bergambar hingga ensiklopedia anak.",
        "Perpustakaan keliling dijadwalkan singgah di tiap sekolah dua minggu sekali. Siswa boleh meminjam dua "
        "buku dan mengembalikannya pada kunjungan berikutnya. Petugas juga mengadakan sesi mendongeng untuk "
        "kelas rendah.",
        "Jadwal kunjungan pekan ini",
        ("Senin dan Selasa: SD di Kelurahan Batuceper dan Poris Gaga",
         "Rabu: SD di Kelurahan Kebon Besar",
         "Kamis: SD di Kelurahan Batujaya",
         "Jumat: taman bacaan masyarakat di Poris Plawad"),
        "Anak-anak membaca kalau bukunya menarik dan mudah dijangkau. Itu yang kami bawa ke sekolah",
        ("Perpustakaan Nasional: koleksi digital", "https://www.perpusnas.go.id"),
        speaker="Petugas perpustakaan keliling",
    ),
    Story(
        "pelatihan-literasi-digital-guru-orang-tua", "Pelatihan Literasi Digital untuk Guru dan Orang Tua",
        "pendidikan", "diskominfo", 63, 13, ("literasi digital", "hoaks", "keamanan daring"),
        "Peserta belajar mengenali hoaks, menjaga data pribadi, dan mengatur waktu layar anak.",
        "Sebanyak 250 guru dan orang tua murid mengikuti pelatihan literasi digital yang digelar Dinas Komunikasi "
        "dan Informatika di Kecamatan Cibodas, {hari}. Pelatihan ini merupakan putaran keempat dari rangkaian "
        "kegiatan serupa di seluruh kecamatan.",
        "Materi disusun berdasarkan pertanyaan yang paling sering muncul dari orang tua: bagaimana tahu sebuah "
        "pesan berantai itu bohong, apa yang boleh dan tidak boleh dibagikan tentang anak di media sosial, dan "
        "bagaimana mengatur waktu layar tanpa bertengkar.",
        "Materi pelatihan",
        ("Mengenali hoaks dan memeriksa sumber berita",
         "Menjaga data pribadi dan kata sandi",
         "Mengenali penipuan lewat pesan singkat dan tautan palsu",
         "Mengatur waktu layar dan aplikasi yang sesuai usia anak"),
        "Kalau ragu, jangan diteruskan. Periksa dulu ke sumber resmi",
        ("Laporan dan klarifikasi hoaks di Komdigi", "https://www.komdigi.go.id"),
    ),
    Story(
        "beasiswa-pelatihan-kerja-lulusan-sma-smk", "Beasiswa Pelatihan Kerja untuk Lulusan SMA/SMK Dibuka",
        "pendidikan", "disnaker", 81, 10, ("pelatihan kerja", "beasiswa", "lulusan smk"),
        "Kuota 400 peserta untuk kejuruan las, kelistrikan, barista, menjahit dan pemrograman dasar.",
        "Lulusan SMA dan SMK yang belum bekerja dapat mendaftar program pelatihan kerja gratis dari Dinas "
        "Ketenagakerjaan. Tahun ini tersedia 400 kursi untuk lima kejuruan.",
        "Pelatihan berlangsung enam sampai delapan minggu di balai latihan kerja. Peserta yang lulus uji "
        "kompetensi mendapat sertifikat dan dipertemukan dengan perusahaan mitra yang sedang mencari tenaga kerja.",
        "Kejuruan yang dibuka",
        ("Pengelasan (80 kursi)",
         "Instalasi listrik (80 kursi)",
         "Barista dan tata boga (80 kursi)",
         "Menjahit (80 kursi)",
         "Pemrograman web dasar (80 kursi)"),
        "Peserta tidak dipungut biaya apa pun, termasuk untuk uji kompetensi",
        ("Cari lowongan di Karirhub Kemnaker", "https://karirhub.kemnaker.go.id"),
        speaker="Kepala Bidang Pelatihan Disnaker",
    ),
    # --- Ekonomi & UMKM -----------------------------------------------------------------------------------
    Story(
        "bazar-umkm-akhir-pekan-di-puspem", "Bazar UMKM Akhir Pekan Kembali Digelar di Kawasan Puspem",
        "ekonomi-umkm", "disperindag", 4, 16, ("umkm", "bazar", "puspem"),
        "Sebanyak 120 pelaku usaha mikro menjajakan kuliner, kerajinan dan produk fesyen setiap Sabtu dan Minggu.",
        "Bazar UMKM akhir pekan kembali digelar di kawasan Pusat Pemerintahan (Puspem) {kota}. Sebanyak 120 "
        "pelaku usaha mikro dari 13 kecamatan bergiliran membuka lapak setiap Sabtu dan Minggu pukul 06.00 "
        "hingga 11.00 WIB.",
        "Produk yang dijual beragam, mulai dari kue basah, kopi dan bandeng olahan, hingga batik, tas anyaman "
        "dan sepatu buatan perajin lokal. Pengunjung dapat membayar tunai maupun dengan QRIS.",
        "Ketentuan bagi pelaku UMKM",
        ("Memiliki Nomor Induk Berusaha (NIB)",
         "Berdomisili atau berusaha di wilayah kota",
         "Mendaftar melalui kecamatan paling lambat Rabu sebelum bazar",
         "Menjaga kebersihan lapak dan memilah sampah"),
        "Bazar ini bukan sekadar tempat berjualan. Banyak pelaku usaha mendapat pelanggan tetap dan pesanan "
        "dari kantor setelah ikut bazar",
        ("Daftar NIB di OSS", "https://oss.go.id"),
    ),
    Story(
        "harga-cabai-rawit-mulai-turun-pasar-anyar", "Harga Cabai Rawit Mulai Turun di Pasar Anyar",
        "ekonomi-umkm", "disperindag", 9, 7, ("harga pangan", "cabai", "pasar anyar"),
        "Pasokan dari sentra produksi membaik; harga bawang merah dan beras relatif stabil.",
        "Harga cabai rawit merah di Pasar Anyar turun dalam sepekan terakhir. Pantauan petugas Dinas "
        "Perindustrian dan Perdagangan {hari} menunjukkan penurunan sekitar 15 persen dibanding pekan "
        "sebelumnya.",
        "Pedagang menyebut pasokan dari sentra produksi kembali lancar setelah sempat tersendat. Sementara itu "
        "harga beras medium, gula pasir dan minyak goreng relatif stabil, dan bawang merah hanya bergerak tipis.",
        "Pantauan harga di pasar lain",
        ("Pasar Bandeng: cabai rawit turun, telur ayam stabil",
         "Pasar Malabar: bawang merah naik tipis",
         "Pasar Poris: harga daging ayam kembali normal",
         "Pasar Jatiuwung: beras medium sesuai harga eceran tertinggi"),
        "Harga harian di enam pasar kami perbarui setiap pagi, sehingga warga bisa membandingkan sebelum "
        "berbelanja",
        ("Lihat harga pangan hari ini", "/harga/"),
        speaker="Petugas pemantau harga Disperindag",
    ),
    Story(
        "pendampingan-nib-gratis-di-kecamatan", "Pendampingan Pembuatan NIB Gratis di Setiap Kecamatan",
        "ekonomi-umkm", "disperindag", 37, 10, ("nib", "umkm", "perizinan"),
        "Petugas membantu pelaku usaha mikro membuat Nomor Induk Berusaha langsung di kantor kecamatan.",
        "Pelaku usaha mikro yang belum memiliki Nomor Induk Berusaha (NIB) kini bisa mendapat pendampingan gratis "
        "di kantor kecamatan. Layanan ini dibuka bergiliran di 13 kecamatan mulai {hari}.",
        "NIB menjadi identitas usaha sekaligus syarat untuk ikut pameran, mengajukan kredit usaha rakyat, dan "
        "mendaftarkan produk ke toko daring milik pemerintah. Pembuatannya tidak dipungut biaya.",
        "Syarat yang dibawa",
        ("KTP elektronik pemilik usaha",
         "Nomor ponsel dan alamat surel yang aktif",
         "Alamat tempat usaha",
         "Keterangan singkat jenis usaha dan perkiraan modal"),
        "Rata-rata pembuatan NIB selesai dalam 20 menit kalau datanya sudah lengkap",
        ("Sistem OSS untuk pendaftaran NIB", "https://oss.go.id"),
        speaker="Petugas pendamping UMKM Disperindag",
    ),
    Story(
        "job-fair-tawarkan-dua-ribu-lowongan", "Bursa Kerja Kota Tawarkan Lebih dari 2.000 Lowongan",
        "ekonomi-umkm", "disnaker", 52, 8, ("lowongan kerja", "job fair", "disnaker"),
        "Puluhan perusahaan dari sektor manufaktur, logistik dan ritel membuka wawancara di tempat.",
        "Sebanyak 45 perusahaan membuka lebih dari 2.000 lowongan dalam bursa kerja yang digelar Dinas "
        "Ketenagakerjaan {hari}. Ribuan pencari kerja sudah mengantre sejak pagi di gedung pertemuan kawasan "
        "Puspem.",
        "Lowongan terbanyak berasal dari sektor manufaktur di kawasan industri Jatiuwung dan Cibodas, disusul "
        "logistik di sekitar bandara dan ritel. Beberapa perusahaan langsung melakukan wawancara di lokasi.",
        "Tips mengikuti bursa kerja",
        ("Bawa beberapa salinan surat lamaran dan daftar riwayat hidup",
         "Siapkan kartu AK/1 (kartu pencari kerja) bila sudah punya",
         "Baca persyaratan tiap lowongan sebelum mengantre",
         "Waspadai pihak yang meminta bayaran: bursa kerja ini gratis"),
        "Tidak ada pungutan apa pun. Kalau ada yang menjanjikan pekerjaan dengan imbalan uang, laporkan kepada kami",
        ("Lowongan lain di Karirhub Kemnaker", "https://karirhub.kemnaker.go.id"),
    ),
    # --- Lingkungan ---------------------------------------------------------------------------------------
    Story(
        "bank-sampah-cibodas-kumpulkan-tiga-ton", "Bank Sampah di Cibodas Kumpulkan Tiga Ton Sampah Terpilah Sebulan",
        "lingkungan", "dlh", 6, 14, ("bank sampah", "cibodas", "daur ulang"),
        "Nasabah menabung botol plastik, kardus dan minyak jelantah; hasilnya bisa dicairkan atau untuk membayar "
        "iuran.",
        "CIBODAS — Bank sampah di Kelurahan Cibodas Baru mengumpulkan sekitar tiga ton sampah terpilah dalam "
        "sebulan terakhir. Sampah yang ditabung warga terdiri atas botol plastik, kardus, kaleng dan minyak "
        "jelantah.",
        "Setiap nasabah memiliki buku tabungan. Saldo dapat dicairkan tunai atau dipakai membayar iuran "
        "kebersihan. Dinas Lingkungan Hidup mencatat sampah yang terkumpul ini tidak lagi dikirim ke tempat "
        "pemrosesan akhir di Rawa Kucing.",
        "Sampah yang diterima",
        ("Botol dan gelas plastik bersih",
         "Kardus dan kertas kering",
         "Kaleng dan logam",
         "Minyak jelantah dalam jeriken tertutup"),
        "Memilah dari rumah itu kuncinya. Sampah yang sudah tercampur sisa makanan sulit didaur ulang",
        ("Informasi persampahan Kementerian Lingkungan Hidup", "https://www.menlhk.go.id"),
    ),
    Story(
        "tanam-pohon-bantaran-cisadane", "Gerakan Tanam 2.000 Pohon di Bantaran Sungai Cisadane",
        "lingkungan", "dlh", 28, 7, ("penghijauan", "cisadane", "pohon"),
        "Relawan, pelajar dan komunitas menanam pohon peneduh dan bambu untuk menahan erosi tebing sungai.",
        "Ratusan relawan dari pelajar, komunitas dan warga bantaran sungai menanam 2.000 bibit pohon di sepanjang "
        "Sungai Cisadane, {hari}. Penanaman dimulai dari kawasan Kecamatan Tangerang hingga Neglasari.",
        "Jenis pohon dipilih agar kuat menahan tanah dan memberi keteduhan bagi jalur pejalan kaki di tepi sungai. "
        "Bambu ditanam di tebing yang curam untuk mengurangi erosi.",
        "Jenis bibit yang ditanam",
        ("Trembesi dan ketapang kencana sebagai peneduh",
         "Bambu untuk tebing sungai",
         "Pohon buah seperti jambu air dan mangga di dekat permukiman"),
        "Menanam itu mudah, merawatnya yang perlu komitmen. Setiap kelompok relawan bertanggung jawab atas "
        "bibit di segmennya selama satu tahun",
        ("Portal resmi Pemerintah Kota Tangerang", "https://tangerangkota.go.id"),
    ),
    Story(
        "jadwal-pengangkutan-sampah-libur-panjang", "Jadwal Pengangkutan Sampah Selama Libur Panjang",
        "lingkungan", "dlh", 104, 15, ("sampah", "jadwal", "libur"),
        "Truk sampah tetap beroperasi, namun frekuensi di jalan lingkungan dikurangi pada hari libur.",
        "Dinas Lingkungan Hidup memastikan pengangkutan sampah tetap berjalan selama libur panjang. Namun "
        "frekuensi pengangkutan di jalan lingkungan dikurangi menjadi dua hari sekali.",
        "Warga diminta tidak menaruh sampah di pinggir jalan pada malam hari agar tidak dibongkar hewan dan "
        "tercecer. Pasar dan jalan protokol tetap dilayani setiap hari.",
        "Pengaturan selama libur",
        ("Jalan protokol dan pasar: setiap hari",
         "Permukiman: dua hari sekali",
         "Tempat pembuangan sementara: diangkut pagi dan sore"),
        "Kami mohon kerja sama warga untuk menyimpan sampah di wadah tertutup sampai jadwal pengangkutan",
        ("Portal resmi Pemerintah Kota Tangerang", "https://tangerangkota.go.id"),
        status="archived",
    ),
    Story(
        "uji-emisi-kendaraan-gratis-puspem", "Ratusan Kendaraan Ikuti Uji Emisi Gratis di Puspem",
        "lingkungan", "dlh", 88, 9, ("uji emisi", "kualitas udara", "kendaraan"),
        "Sekitar seperempat kendaraan yang diuji belum memenuhi ambang batas emisi.",
        "Sebanyak 640 kendaraan mengikuti uji emisi gratis di kawasan Pusat Pemerintahan, {hari}. Dari jumlah "
        "itu, sekitar seperempat belum memenuhi ambang batas emisi, sebagian besar mobil berusia di atas sepuluh "
        "tahun.",
        "Pemilik kendaraan yang tidak lulus mendapat catatan hasil uji dan disarankan melakukan servis, terutama "
        "penggantian saringan udara dan penyetelan mesin. Uji emisi gratis akan digelar lagi di kecamatan lain.",
        "Hasil uji emisi",
        ("640 kendaraan diuji: 410 mobil dan 230 sepeda motor",
         "Sekitar 75 persen lulus uji",
         "Kendaraan yang tidak lulus umumnya berusia lebih dari 10 tahun"),
        "Servis berkala itu lebih murah daripada memperbaiki mesin yang sudah rusak, dan udara kita ikut bersih",
        ("Data kualitas udara dari BMKG", "https://www.bmkg.go.id"),
    ),
    Story(
        "evaluasi-program-kampung-iklim", "Evaluasi Program Kampung Iklim di Enam Kelurahan",
        "lingkungan", "dlh", 0, 10, ("kampung iklim", "lingkungan", "evaluasi"),
        "Tim penilai memeriksa resapan air, kebun warga dan pengelolaan sampah di enam kelurahan peserta.",
        "Enam kelurahan peserta Program Kampung Iklim dinilai oleh tim Dinas Lingkungan Hidup pekan ini. "
        "Penilaian mencakup upaya warga menghadapi banjir, panas, dan pengelolaan sampah.",
        "Beberapa kelurahan menonjol dengan sumur resapan dan lubang biopori di setiap RT, sementara yang lain "
        "mengembangkan kebun sayur di lahan tidur. Hasil penilaian akan diumumkan setelah verifikasi lapangan.",
        "Aspek yang dinilai",
        ("Sumur resapan dan lubang biopori",
         "Kebun warga dan tanaman peneduh",
         "Bank sampah dan pengomposan",
         "Kesiapsiagaan menghadapi banjir"),
        "Yang kami cari bukan proyek besar, tapi kebiasaan warga yang terus berjalan",
        ("Informasi Program Kampung Iklim", "https://www.menlhk.go.id"),
        status="draft",
    ),
    # --- Sosial & Budaya ----------------------------------------------------------------------------------
    Story(
        "festival-cisadane-lomba-perahu-naga", "Festival Cisadane Kembali Digelar dengan Lomba Perahu Naga",
        "sosial-budaya", "diskominfo", 14, 17, ("festival cisadane", "budaya", "perahu naga"),
        "Selama sepekan, tepian Cisadane diramaikan lomba perahu naga, kuliner khas dan pentas seni.",
        "Tepian Sungai Cisadane kembali ramai. Festival Cisadane dibuka {hari} dengan lomba perahu naga yang "
        "diikuti 24 tim dari berbagai kecamatan dan komunitas dayung.",
        "Selain lomba perahu, festival menghadirkan panggung seni tradisi seperti gambang kromong dan barongsai, "
        "serta deretan stan kuliner khas seperti laksa, bandeng dan kue tradisional. Festival berlangsung hingga "
        "{pekan_depan}.",
        "Yang bisa dinikmati pengunjung",
        ("Lomba perahu naga setiap sore",
         "Pentas seni tradisi di panggung utama",
         "Bazar kuliner khas dan produk UMKM",
         "Lomba foto bertema sungai untuk pelajar"),
        "Cisadane adalah halaman depan kota. Festival ini mengajak warga kembali menengok dan menjaganya",
        ("Jadwal acara di portal resmi", "https://tangerangkota.go.id"),
        speaker="Panitia Festival Cisadane",
    ),
    Story(
        "pameran-batik-tangerang-pasar-lama", "Pameran Batik Tangerang Tampilkan Motif Sungai dan Perahu",
        "sosial-budaya", "disperindag", 31, 11, ("batik", "kerajinan", "pameran"),
        "Perajin batik lokal memamerkan puluhan motif yang terinspirasi sejarah dan lanskap kota.",
        "Puluhan kain batik karya perajin lokal dipamerkan di kawasan Pasar Lama mulai {hari}. Motif-motifnya "
        "terinspirasi dari lanskap kota: aliran Cisadane, perahu, bangunan tua, hingga bunga dan burung.",
        "Pameran juga membuka kelas membatik singkat untuk pelajar dan wisatawan. Pengunjung dapat mencoba "
        "mencanting dan membawa pulang kain karyanya.",
        "Kegiatan selama pameran",
        ("Pameran kain batik dan busana",
         "Kelas membatik singkat setiap pukul 10.00 dan 14.00 WIB",
         "Bincang perajin tentang pewarna alam",
         "Penjualan langsung dari perajin"),
        "Setiap motif punya cerita tentang kota ini. Kami ingin anak muda mengenal dan memakainya",
        ("Portal resmi Pemerintah Kota Tangerang", "https://tangerangkota.go.id"),
        speaker="Perwakilan perajin batik",
    ),
    Story(
        "bantuan-logistik-warga-terdampak-banjir-periuk",
        "Bantuan Logistik Disalurkan untuk Warga Terdampak Banjir di Periuk",
        "sosial-budaya", "bpbd", 67, 18, ("banjir", "bantuan", "periuk"),
        "Makanan siap saji, selimut dan perlengkapan bayi dibagikan di dua posko pengungsian.",
        "Badan Penanggulangan Bencana Daerah menyalurkan bantuan logistik kepada warga terdampak banjir di "
        "Kecamatan Periuk, {hari}. Bantuan dibagikan di dua posko pengungsian yang menampung sekitar 300 jiwa.",
        "Air mulai surut sejak pagi, tetapi sebagian warga masih bertahan di posko karena rumah mereka belum "
        "bisa ditempati. Petugas puskesmas membuka layanan kesehatan di posko untuk memeriksa warga, terutama "
        "anak-anak dan lansia.",
        "Bantuan yang disalurkan",
        ("Makanan siap saji dan air minum",
         "Selimut dan tikar",
         "Perlengkapan bayi dan pembalut",
         "Obat-obatan dan layanan kesehatan di posko"),
        "Kami meminta warga tidak kembali ke rumah sebelum dinyatakan aman, terutama bila listrik belum diperiksa",
        ("Peringatan dini cuaca BMKG", "https://www.bmkg.go.id"),
    ),
    Story(
        "gotong-royong-bersih-lingkungan-13-kecamatan", "Gotong Royong Bersihkan Lingkungan Serentak di 13 Kecamatan",
        "sosial-budaya", "dlh", 96, 7, ("gotong royong", "kebersihan", "warga"),
        "Warga, pelajar dan aparatur membersihkan saluran, taman dan fasilitas umum pada Minggu pagi.",
        "Ribuan warga turun ke jalan untuk kerja bakti serentak di 13 kecamatan, {hari}. Sasaran utamanya saluran "
        "air, taman lingkungan dan fasilitas umum seperti halte dan pos ronda.",
        "Di Kecamatan Ciledug dan Karang Tengah, warga membersihkan saluran yang tersumbat sampah plastik. Di "
        "Jatiuwung, karyawan pabrik ikut membersihkan jalan di sekitar kawasan industri.",
        "Hasil kerja bakti",
        ("Sekitar 40 ton sampah terangkut",
         "Puluhan titik saluran tersumbat dibersihkan",
         "Taman lingkungan dicat ulang oleh karang taruna"),
        "Kebersihan bukan tugas petugas saja. Hari ini warga membuktikannya",
        ("Portal resmi Pemerintah Kota Tangerang", "https://tangerangkota.go.id"),
        speaker="Petugas Dinas Lingkungan Hidup",
    ),
    # --- Olahraga -----------------------------------------------------------------------------------------
    Story(
        "car-free-day-sudirman-kembali-ramai", "Car Free Day Jalan Jenderal Sudirman Kembali Ramai",
        "olahraga", "dishub", 8, 9, ("car free day", "olahraga", "sudirman"),
        "Ribuan warga berolahraga setiap Minggu pagi; Dishub mengatur pengalihan arus di sekitar kawasan.",
        "Setiap Minggu pagi, Jalan Jenderal Sudirman berubah menjadi ruang olahraga terbuka. Hari bebas "
        "kendaraan bermotor yang berlangsung pukul 06.00 hingga 10.00 WIB kembali dipadati pelari, pesepeda dan "
        "keluarga.",
        "Dinas Perhubungan menempatkan petugas di setiap simpang untuk mengalihkan kendaraan. Angkutan umum "
        "tetap melintas di jalur yang ditentukan, sementara kendaraan darurat selalu diberi jalan.",
        "Pengalihan arus saat car free day",
        ("Kendaraan dari arah Cikokol dialihkan ke Jl. Perintis Kemerdekaan",
         "Kendaraan dari arah Tanah Tinggi dialihkan ke Jl. MH Thamrin",
         "Parkir tersedia di kawasan Puspem"),
        "Kami minta pengunjung tidak berjualan atau parkir di badan jalan, supaya car free day tetap nyaman",
        ("Laporkan gangguan lalu lintas", "/aspirasi/baru"),
        speaker="Kepala Bidang Lalu Lintas Dishub",
    ),
    Story(
        "turnamen-sepak-bola-antarkelurahan", "Turnamen Sepak Bola Antarkelurahan Diikuti 104 Tim",
        "olahraga", "diskominfo", 21, 15, ("sepak bola", "turnamen", "kelurahan"),
        "Setiap kelurahan mengirim satu tim; laga dibagi dalam 13 grup sesuai kecamatan.",
        "Turnamen sepak bola antarkelurahan resmi bergulir {hari}. Seluruh 104 kelurahan mengirimkan timnya, "
        "yang dibagi ke dalam 13 grup sesuai kecamatan.",
        "Pertandingan fase grup digelar di lapangan-lapangan kecamatan, sedangkan babak gugur dan final akan "
        "dimainkan di stadion kota. Panitia mewajibkan setiap tim menyertakan pemain di bawah 21 tahun.",
        "Format turnamen",
        ("Fase grup: 13 grup, juara grup dan tiga peringkat kedua terbaik lolos",
         "Babak gugur: 16 besar hingga final",
         "Setiap tim wajib memainkan minimal dua pemain U-21"),
        "Turnamen ini tempat mencari bibit pemain muda dan mempererat warga antarkelurahan",
        ("Portal resmi Pemerintah Kota Tangerang", "https://tangerangkota.go.id"),
        speaker="Panitia turnamen",
    ),
    Story(
        "lapangan-olahraga-publik-karang-tengah-dibuka", "Lapangan Olahraga Publik di Karang Tengah Dibuka untuk Umum",
        "olahraga", "dpupr", 55, 10, ("ruang publik", "karang tengah", "lapangan"),
        "Lapangan futsal, basket dan jogging track bisa dipakai gratis setiap hari.",
        "Lapangan olahraga publik di Kecamatan Karang Tengah resmi dibuka untuk umum {hari}. Fasilitasnya "
        "meliputi lapangan futsal, lapangan basket, jalur jogging dan area bermain anak.",
        "Lapangan dapat digunakan gratis setiap hari pukul 05.00 hingga 21.00 WIB. Pemakaian untuk turnamen "
        "atau kegiatan kelompok perlu dijadwalkan melalui kantor kecamatan agar tidak bentrok.",
        "Fasilitas yang tersedia",
        ("Lapangan futsal dan basket dengan lampu malam",
         "Jalur jogging sepanjang 400 meter",
         "Area bermain anak dan bangku taman",
         "Toilet dan tempat wudu"),
        "Fasilitas ini milik warga. Mari jaga bersama, termasuk tidak mencoret-coret dan membuang sampah "
        "sembarangan",
        ("Laporkan fasilitas umum yang rusak", "/aspirasi/baru"),
        speaker="Camat Karang Tengah",
    ),
    Story(
        "senam-sehat-lansia-setiap-jumat", "Senam Sehat Lansia Setiap Jumat di Taman Kecamatan",
        "olahraga", "dinkes", 110, 8, ("senam", "lansia", "olahraga"),
        "Senam ringan dipandu instruktur puskesmas, dilanjutkan pemeriksaan tekanan darah.",
        "Warga lanjut usia kini punya agenda rutin setiap Jumat pagi: senam sehat di taman kecamatan. Senam "
        "dipandu instruktur dari puskesmas dan dilanjutkan pemeriksaan tekanan darah.",
        "Gerakan senam disesuaikan dengan kemampuan lansia, sehingga aman bagi peserta yang memiliki keluhan "
        "sendi. Kegiatan ini dimulai di Kecamatan Tangerang, Cipondoh dan Ciledug, lalu diperluas ke kecamatan "
        "lain.",
        "Manfaat senam rutin bagi lansia",
        ("Menjaga kelenturan sendi dan keseimbangan",
         "Membantu mengendalikan tekanan darah dan gula darah",
         "Menjadi ajang bertemu dan bercengkerama"),
        "Gerak sedikit setiap hari lebih baik daripada banyak sekali sebulan",
        ("Cek kepesertaan JKN di BPJS Kesehatan", "https://www.bpjs-kesehatan.go.id"),
        speaker="Instruktur senam dari puskesmas",
    ),
    # --- Layanan Publik -----------------------------------------------------------------------------------
    Story(
        "cetak-ktp-elektronik-di-kantor-kecamatan", "Cetak KTP Elektronik Kini Bisa di Kantor Kecamatan",
        "layanan-publik", "disdukcapil", 1, 13, ("ktp elektronik", "adminduk", "kecamatan"),
        "Warga tak perlu lagi ke kantor dinas; cukup membawa bukti perekaman dan kartu keluarga.",
        "Warga yang sudah merekam data KTP elektronik kini dapat mencetak kartunya di kantor kecamatan. Layanan "
        "ini dibuka {hari} di seluruh 13 kecamatan, sehingga warga tidak perlu lagi antre di kantor dinas.",
        "Blangko KTP elektronik didistribusikan ke kecamatan setiap pekan sesuai jumlah permohonan. Selain "
        "pencetakan, kecamatan juga melayani perekaman bagi warga yang baru berusia 17 tahun.",
        "Syarat mencetak KTP elektronik",
        ("Sudah melakukan perekaman data",
         "Fotokopi kartu keluarga",
         "KTP lama yang rusak (untuk penggantian)",
         "Surat keterangan kehilangan dari kepolisian (bila KTP hilang)"),
        "Pelayanan ini gratis. Jika ada yang meminta biaya, laporkan kepada kami",
        ("Sampaikan keluhan layanan lewat SP4N-LAPOR!", "https://www.lapor.go.id"),
    ),
    Story(
        "damkar-layanan-evakuasi-hewan-lepas-cincin",
        "Bukan Hanya Kebakaran: Damkar Juga Tangani Evakuasi Hewan dan Cincin Tersangkut",
        "layanan-publik", "damkar", 12, 11, ("damkar", "penyelamatan", "layanan darurat"),
        "Sepanjang bulan lalu, petugas menerima lebih dari 60 panggilan penyelamatan nonkebakaran.",
        "Sarang tawon di plafon, ular masuk rumah, hingga cincin yang tersangkut di jari. Dinas Pemadam "
        "Kebakaran dan Penyelamatan mencatat lebih dari 60 panggilan penyelamatan nonkebakaran dalam sebulan "
        "terakhir.",
        "Layanan penyelamatan ini gratis dan tersedia 24 jam. Petugas dilengkapi peralatan khusus, mulai dari "
        "pemotong cincin hingga alat penjepit ular, sehingga warga tidak perlu mengambil risiko sendiri.",
        "Layanan penyelamatan yang bisa diminta",
        ("Evakuasi ular, biawak dan sarang tawon",
         "Melepas cincin atau benda yang tersangkut di tubuh",
         "Membuka pintu terkunci dalam keadaan darurat",
         "Pertolongan warga yang terjebak di ketinggian atau saluran"),
        "Jangan ragu menelepon. Lebih baik kami datang lebih cepat daripada warga terluka",
        ("Telepon darurat 112", "tel:112"),
    ),
    Story(
        "rekayasa-lalu-lintas-simpang-cikokol", "Rekayasa Lalu Lintas di Simpang Cikokol Selama Pekerjaan Saluran",
        "layanan-publik", "dishub", 26, 12, ("lalu lintas", "cikokol", "pengalihan arus"),
        "Arus dari arah Jl. MH Thamrin dialihkan selama tiga minggu; angkutan umum tetap melintas.",
        "Dinas Perhubungan memberlakukan rekayasa lalu lintas di Simpang Cikokol mulai {hari}. Pengalihan arus "
        "diperlukan selama pekerjaan saluran air di sisi selatan simpang yang berlangsung sekitar tiga minggu.",
        "Petugas gabungan berjaga pada jam sibuk pagi dan sore. Rambu sementara dan lampu peringatan dipasang di "
        "sekitar area pekerjaan untuk menjaga keselamatan pengendara pada malam hari.",
        "Pengaturan arus selama pekerjaan",
        ("Kendaraan dari Jl. MH Thamrin menuju Jl. Perintis Kemerdekaan diarahkan lewat putaran balik terdekat",
         "Lajur kiri ditutup sepanjang 150 meter",
         "Angkutan umum tetap melintas di lajur kanan",
         "Pejalan kaki diarahkan ke jalur sementara yang diberi pagar"),
        "Kami sarankan warga berangkat lebih awal atau memilih rute lain pada jam sibuk",
        ("Laporkan kemacetan atau rambu rusak", "/aspirasi/baru"),
        speaker="Kepala Bidang Lalu Lintas Dishub",
    ),
    Story(
        "layanan-darurat-112-aktif-24-jam", "Layanan Darurat 112 Aktif 24 Jam, Gratis dari Semua Operator",
        "layanan-publik", "diskominfo", 43, 9, ("112", "darurat", "call center"),
        "Satu nomor untuk kebakaran, kecelakaan, kriminalitas dan keadaan darurat kesehatan.",
        "Dalam keadaan darurat, warga cukup mengingat satu nomor: 112. Layanan panggilan darurat ini aktif 24 jam, "
        "gratis dari semua operator seluler dan telepon rumah, serta tetap bisa dihubungi tanpa pulsa.",
        "Operator 112 meneruskan laporan ke petugas yang tepat, seperti pemadam kebakaran, ambulans, kepolisian "
        "atau BPBD. Dalam sebulan terakhir, mayoritas panggilan yang masuk terkait kecelakaan lalu lintas dan "
        "kebutuhan ambulans.",
        "Saat menelepon 112",
        ("Sebutkan jenis kejadian dengan singkat",
         "Sebutkan lokasi selengkap mungkin, termasuk patokan",
         "Ikuti petunjuk operator dan jangan menutup telepon lebih dulu",
         "Jangan melakukan panggilan iseng: ada warga lain yang butuh bantuan"),
        "Panggilan iseng masih banyak. Setiap panggilan iseng bisa menunda bantuan bagi yang benar-benar darurat",
        ("Telepon darurat 112", "tel:112"),
    ),
    Story(
        "posko-siaga-banjir-tujuh-kecamatan", "Posko Siaga Banjir Disiapkan di Tujuh Kecamatan",
        "layanan-publik", "bpbd", 78, 16, ("siaga banjir", "bpbd", "kesiapsiagaan"),
        "Perahu karet, pompa portabel dan tenda disiagakan di titik rawan genangan.",
        "Badan Penanggulangan Bencana Daerah menyiapkan posko siaga banjir di tujuh kecamatan yang memiliki titik "
        "rawan genangan, yakni Periuk, Ciledug, Karang Tengah, Larangan, Cipondoh, Neglasari dan Tangerang.",
        "Setiap posko dilengkapi perahu karet, pompa portabel, tenda dan perlengkapan dapur umum. Petugas "
        "berjaga bergantian 24 jam dan terhubung dengan layanan darurat 112.",
        "Yang perlu dilakukan warga di daerah rawan",
        ("Simpan dokumen penting dalam wadah kedap air",
         "Siapkan tas siaga berisi obat, senter dan pakaian",
         "Matikan listrik dari meteran bila air mulai masuk rumah",
         "Ikuti arahan petugas bila diminta mengungsi"),
        "Kesiapsiagaan keluarga menentukan keselamatan. Persiapkan sebelum air datang",
        ("Peringatan dini cuaca BMKG", "https://www.bmkg.go.id"),
        speaker="Kepala Pelaksana BPBD",
    ),
    Story(
        "pendaftaran-pelatihan-kerja-gelombang-berikutnya", "Pendaftaran Pelatihan Kerja Gelombang Berikutnya Dibuka",
        "ekonomi-umkm", "disnaker", -1, 9, ("pelatihan kerja", "disnaker", "pendaftaran"),
        "Kuota 200 peserta untuk kejuruan otomotif, tata rias dan pemasaran digital.",
        "Dinas Ketenagakerjaan membuka pendaftaran pelatihan kerja gelombang berikutnya mulai {hari}. Tersedia "
        "200 kursi untuk warga usia 18 hingga 35 tahun yang belum bekerja.",
        "Pelatihan diselenggarakan di balai latihan kerja selama enam minggu. Peserta mendapat uang transport, "
        "makan siang, dan kesempatan magang di perusahaan mitra setelah lulus.",
        "Kejuruan gelombang ini",
        ("Otomotif sepeda motor (80 kursi)",
         "Tata rias (60 kursi)",
         "Pemasaran digital untuk UMKM (60 kursi)"),
        "Pendaftaran dibuka sampai kuota terpenuhi, jadi siapkan berkas sejak sekarang",
        ("Lowongan dan pelatihan di Karirhub Kemnaker", "https://karirhub.kemnaker.go.id"),
        speaker="Kepala Bidang Pelatihan Disnaker",
        status="scheduled",
    ),
]

# What the closing paragraph says: chosen by the story's position so neighbouring articles differ.
CLOSINGS = [
    ("Informasi lebih lanjut",
     "Keterangan lengkap tersedia di [{label}]({url}). Pertanyaan dapat dikirim ke {short} melalui surel "
     "[{email}](mailto:{email}) pada hari dan jam kerja."),
    ("Sampaikan masukan",
     "Warga yang menemukan masalah di lapangan dapat melaporkannya lewat [kanal Aspirasi](/aspirasi/baru); "
     "laporan diteruskan ke {short} dan perkembangannya dapat dilacak. Rujukan terkait: [{label}]({url})."),
    ("",
     "Pengumuman terbaru dari {short} dimuat di portal ini. Rujukan lain: [{label}]({url}). Dalam keadaan "
     "darurat, hubungi [112](tel:112) yang aktif 24 jam dan bebas pulsa."),
    ("Kontak",
     "Untuk pertanyaan, hubungi {short} lewat surel [{email}](mailto:{email}) atau datang ke kantor pada jam "
     "pelayanan. Baca juga: [{label}]({url})."),
]

SPEECH_VERBS = ["kata", "ujar", "jelas", "tutur"]

# Announcements: title, office, body (Markdown), starts (days from now), expires (days from now), attachment
ANNOUNCEMENTS = [
    ("Pemadaman listrik terjadwal di sebagian Kecamatan Cipondoh", "diskominfo",
     "PLN UP3 setempat memberitahukan pemeliharaan jaringan yang memerlukan pemadaman listrik sementara di "
     "sebagian wilayah **Kecamatan Cipondoh** dan **Pinang**.\n\n"
     "- Waktu: pukul 09.00–15.00 WIB\n"
     "- Wilayah: Kelurahan Cipondoh Indah, Poris Plawad Utara dan Kunciran Indah\n\n"
     "Jadwal per gardu ada di lampiran. Gangguan listrik di luar jadwal dapat dilaporkan ke PLN di nomor "
     "[123](tel:123).", -1, 3, "jadwal-pemadaman-listrik.pdf"),
    ("Penutupan sementara Jl. Perintis Kemerdekaan untuk perbaikan saluran", "dishub",
     "Ruas Jl. Perintis Kemerdekaan di depan Pasar Ramadani ditutup sementara untuk kendaraan roda empat "
     "selama perbaikan saluran air. Sepeda motor dan pejalan kaki tetap dapat melintas di lajur yang diberi "
     "pembatas.\n\nKendaraan roda empat dialihkan melalui Jl. MH Thamrin. Mohon maaf atas ketidaknyamanannya.",
     -2, 10, None),
    ("Pendaftaran PPDB SD dan SMP negeri dibuka", "diskominfo",
     "Pendaftaran peserta didik baru SD dan SMP negeri dibuka secara daring. Orang tua dapat meminta bantuan "
     "di meja layanan setiap sekolah pada hari kerja pukul 08.00–14.00 WIB.\n\n"
     "Siapkan kartu keluarga, akta kelahiran, dan rapor atau surat keterangan lulus.", -3, 14, None),
    ("Vaksinasi gratis di Puskesmas Karawaci Baru", "dinkes",
     "Puskesmas Karawaci Baru membuka layanan imunisasi gratis untuk balita dan vaksinasi untuk orang dewasa "
     "setiap Selasa dan Kamis pukul 08.00–12.00 WIB.\n\nBawa buku KIA atau kartu vaksinasi dan KTP.", 0, 6, None),
    ("Car free day Jl. Jenderal Sudirman dibatalkan", "dishub",
     "Hari bebas kendaraan bermotor di Jl. Jenderal Sudirman pada Minggu ini ditiadakan karena jalan digunakan "
     "untuk kegiatan kota. Jalan dibuka untuk lalu lintas seperti biasa.", -20, -14, None),
    ("Layanan Disdukcapil tutup sementara untuk pemeliharaan sistem", "disdukcapil",
     "Layanan administrasi kependudukan di kantor dinas dan kecamatan tidak tersedia selama satu hari karena "
     "pemeliharaan sistem. Layanan kembali normal keesokan harinya.", -35, -33, None),
    ("Uji emisi kendaraan gratis di kawasan Puspem", "dlh",
     "Dinas Lingkungan Hidup menggelar uji emisi gratis untuk mobil dan sepeda motor di halaman parkir Pusat "
     "Pemerintahan pukul 08.00–13.00 WIB. Bawa STNK kendaraan.", 3, 10, None),
]

# The PDF attachment's lines (ASCII: the PDF uses a standard font with no embedded glyphs)
PDF_LINES = [
    "Jadwal Pemadaman Listrik Terjadwal",
    "Kecamatan Cipondoh dan Pinang",
    "",
    "09.00 - 11.00 WIB   Gardu CP-12, CP-14 (Cipondoh Indah)",
    "11.00 - 13.00 WIB   Gardu PP-03 (Poris Plawad Utara)",
    "13.00 - 15.00 WIB   Gardu KI-07 (Kunciran Indah)",
    "",
    "Gangguan di luar jadwal: hubungi PLN 123.",
    "Data contoh (demo Serambi).",
]

# The four standard information pages, filled in as the demo region would (slugs and positions as in
# `views_pages.STANDARD_PAGES`, whose starter texts are templates with blanks to fill): slug, title, body, position
PAGES = [
    ("tentang", "Tentang {kota}",
     "{kota} adalah kota di Provinsi Banten yang terdiri atas 13 kecamatan dan 104 kelurahan, dilalui Sungai "
     "Cisadane dan berbatasan langsung dengan DKI Jakarta.\n\n"
     "## Tentang portal ini\n\n"
     "Portal ini menghimpun layanan warga dalam satu tempat: berita dan pengumuman resmi, kanal aspirasi, "
     "harga pangan di pasar, dan nomor-nomor penting. Isinya dikelola oleh Dinas Komunikasi dan Informatika "
     "bersama perangkat daerah terkait.\n\n"
     "## Kecamatan\n\n"
     "Batuceper, Benda, Cibodas, Ciledug, Cipondoh, Jatiuwung, Karang Tengah, Karawaci, Larangan, Neglasari, "
     "Periuk, Pinang dan Tangerang.", 10),
    ("layanan", "Direktori layanan",
     "Daftar singkat layanan publik dan tempat mengurusnya.\n\n"
     "## Kependudukan\n\n"
     "- **KTP elektronik, kartu keluarga, akta kelahiran**: kantor kecamatan atau Dinas Kependudukan dan "
     "Pencatatan Sipil\n- **Kartu identitas anak**: kantor kecamatan\n\n"
     "## Kesehatan\n\n"
     "- **Imunisasi, pemeriksaan ibu hamil, posyandu**: puskesmas terdekat\n"
     "- **Gawat darurat**: hubungi [112](tel:112) atau [119](tel:119)\n\n"
     "## Usaha dan pekerjaan\n\n"
     "- **Nomor Induk Berusaha (NIB)**: [OSS](https://oss.go.id), dengan pendampingan di kecamatan\n"
     "- **Kartu pencari kerja dan pelatihan**: Dinas Ketenagakerjaan\n\n"
     "## Pengaduan\n\n"
     "- **Jalan rusak, sampah, lampu jalan dan lainnya**: [kanal Aspirasi](/aspirasi/baru)", 20),
    ("privasi", "Pemberitahuan privasi",
     "Kami hanya mengumpulkan data yang diperlukan untuk memberikan layanan.\n\n"
     "## Data yang kami simpan\n\n"
     "- Nama, nomor ponsel atau surel bila Anda membuat akun atau mengirim laporan\n"
     "- Isi laporan, foto dan lokasi yang Anda kirim\n"
     "- Catatan teknis seperlunya untuk keamanan layanan\n\n"
     "## Penggunaan data\n\n"
     "Data dipakai untuk menangani laporan dan menghubungi Anda tentang laporan tersebut. Data tidak dijual "
     "dan tidak dibagikan kepada pihak lain di luar perangkat daerah yang menangani, kecuali diwajibkan "
     "undang-undang.\n\n"
     "## Hak Anda\n\n"
     "Anda dapat meminta salinan, perbaikan atau penghapusan data pribadi Anda dengan menghubungi Dinas "
     "Komunikasi dan Informatika.", 30),
    ("ketentuan", "Ketentuan penggunaan",
     "Dengan menggunakan portal ini, Anda setuju untuk:\n\n"
     "1. Menyampaikan informasi yang benar dan tidak menyesatkan.\n"
     "2. Tidak mengirim konten yang melanggar hukum, bersifat SARA, atau menyerang pribadi orang lain.\n"
     "3. Tidak menyalahgunakan layanan, misalnya dengan laporan palsu atau berulang.\n\n"
     "## Isi portal\n\n"
     "Berita dan pengumuman boleh dikutip dan disebarluaskan dengan menyebut sumbernya. Laporan yang "
     "melanggar ketentuan dapat ditolak atau disembunyikan oleh petugas, dengan alasan yang dicatat.", 40),
]

# A further paragraph of background for each story (placeholders as above).
BACKGROUND = {
    "musrenbang-karawaci-tetapkan-usulan-prioritas":
        "Hasil musrenbang kecamatan selanjutnya dibawa ke forum perangkat daerah dan musrenbang tingkat kota. "
        "Di sana usulan dari 13 kecamatan dipadukan dengan program dinas dan kemampuan anggaran. Warga dapat "
        "memantau usulan yang diterima melalui kelurahan masing-masing, dan perwakilan warga ikut menjadi "
        "delegasi kecamatan dalam pembahasan berikutnya.",
    "satpol-pp-tertibkan-reklame-liar-daan-mogot":
        "Penertiban akan berlanjut ke ruas Jalan MH Thamrin dan Jalan Gatot Subroto pada pekan-pekan berikutnya. "
        "Sebelum turun ke lapangan, petugas lebih dulu mengirim surat teguran kepada pemilik reklame yang dapat "
        "dihubungi. Pemilik yang mencopot sendiri reklamenya tidak dikenai sanksi, sehingga sebagian papan sudah "
        "diturunkan sebelum petugas datang.",
    "kanal-aspirasi-digital-diluncurkan":
        "Selama masa uji coba di tiga kecamatan, kanal ini menerima ratusan laporan, sebagian besar tentang jalan "
        "berlubang, saluran tersumbat dan sampah liar. Laporan yang mirip di lokasi yang sama digabung agar tidak "
        "ditangani dua kali. Warga lain dapat memberi dukungan pada laporan yang sudah ada, sehingga petugas tahu "
        "masalah mana yang paling banyak dirasakan.",
    "rencana-penataan-pkl-pasar-lama":
        "Kawasan Pasar Lama dikenal sebagai pusat kuliner malam yang ramai dikunjungi warga dari luar kota. "
        "Karena itu, penataan dirancang tidak mengurangi jumlah pedagang. Pemerintah kota juga menyiapkan tempat "
        "parkir tambahan di sekitar kawasan dan menambah petugas kebersihan pada akhir pekan, ketika pengunjung "
        "paling banyak.",
    "perbaikan-jalan-hasyim-ashari-cipondoh":
        "Perbaikan ini mencakup pengupasan lapisan aspal lama yang retak, perbaikan lapisan pondasi di titik yang "
        "amblas, lalu pengaspalan ulang. Saluran di sisi jalan juga dibersihkan supaya air hujan tidak lagi "
        "menggenangi badan jalan, yang selama ini menjadi penyebab utama aspal cepat rusak. Marka jalan akan "
        "dicat ulang setelah pengaspalan selesai.",
    "normalisasi-saluran-periuk-kurangi-genangan":
        "Periuk termasuk kecamatan yang paling sering tergenang karena letaknya rendah dan dekat aliran sungai. "
        "Selain normalisasi, pemerintah kota menyiagakan pompa air di beberapa titik dan memperbaiki pintu air. "
        "Pekerjaan dilakukan bertahap per segmen agar akses warga ke rumah dan tempat usaha tetap terbuka selama "
        "alat berat bekerja.",
    "jembatan-penghubung-neglasari-tahap-akhir":
        "Pembangunan jembatan ini berawal dari usulan warga dalam musrenbang dua tahun lalu. Sebelumnya warga "
        "menyeberang dengan perahu eretan, yang tidak beroperasi ketika arus sungai deras. Pelajar dan pedagang "
        "yang setiap hari menyeberang menjadi pihak yang paling merasakan manfaatnya. Setelah dibuka, jembatan "
        "hanya boleh dilalui kendaraan roda dua dan pejalan kaki.",
    "dishub-pasang-lampu-penerangan-jalan-benda":
        "Pemasangan lampu di Benda merupakan bagian dari program penambahan penerangan jalan di seluruh kota. "
        "Titik-titik pemasangan ditentukan dari data kecelakaan, laporan warga, dan survei malam hari oleh "
        "petugas. Tahap berikutnya menyasar ruas jalan di Kecamatan Neglasari dan Periuk yang masih minim "
        "penerangan.",
    "imunisasi-campak-rubela-gratis-balita":
        "Bila anak sedang sakit pada jadwal imunisasi, orang tua dapat datang kembali setelah anak sembuh. "
        "Petugas akan mencatat dosis yang diberikan di buku KIA. Posyandu di setiap kelurahan juga membantu "
        "mendata balita yang belum lengkap imunisasinya, dan kader akan mengingatkan keluarga yang belum datang.",
    "waspada-dbd-gerakan-3m-plus":
        "Data puskesmas menunjukkan sebagian besar penderita adalah anak usia sekolah. Sekolah diminta ikut "
        "memeriksa tempat penampungan air, pot tanaman dan talang di lingkungannya. Pengasapan tetap dilakukan, "
        "tetapi hanya di sekitar rumah penderita yang kasusnya sudah dipastikan, setelah penyelidikan epidemiologi "
        "oleh petugas.",
    "posyandu-remaja-hadir-di-larangan":
        "Posyandu remaja dirancang santai agar remaja nyaman datang. Setiap pertemuan diisi permainan, diskusi "
        "kelompok, dan kelas singkat tentang topik yang dipilih sendiri oleh peserta, seperti pola makan, "
        "olahraga, atau cara menghadapi perundungan. Hasil pemeriksaan dicatat sehingga perubahannya bisa "
        "dipantau dari bulan ke bulan.",
    "cek-kesehatan-gratis-lansia-pinang":
        "Pemeriksaan berikutnya dijadwalkan di Kecamatan Karang Tengah dan Larangan. Warga lanjut usia yang "
        "tidak dapat datang karena sakit atau kesulitan berjalan dapat meminta kunjungan rumah melalui kader "
        "posyandu lansia atau puskesmas terdekat. Keluarga diminta mendampingi peserta dan membawa obat yang "
        "sedang diminum.",
    "jadwal-pendaftaran-sekolah-tahun-ajaran-baru":
        "Setelah masa pendaftaran ditutup, sekolah mengumumkan hasil seleksi secara daring dan di papan "
        "pengumuman sekolah. Calon siswa yang diterima wajib melakukan daftar ulang dalam waktu yang ditentukan. "
        "Kursi yang tidak diambil akan dialihkan ke pendaftar berikutnya sesuai urutan, sehingga orang tua "
        "diminta memantau pengumuman secara berkala.",
    "perpustakaan-keliling-sambangi-sd-batuceper":
        "Program ini juga mengajak orang tua membaca bersama anak di rumah. Setiap sekolah yang dikunjungi "
        "mendapat paket buku bacaan yang bisa dipinjamkan bergiliran di kelas. Taman bacaan masyarakat di "
        "kelurahan dapat mengajukan jadwal kunjungan melalui kecamatan, dan relawan pendongeng dipersilakan "
        "bergabung.",
    "pelatihan-literasi-digital-guru-orang-tua":
        "Peserta juga dibekali cara melaporkan konten negatif dan akun penipu. Setiap sekolah diminta menunjuk "
        "dua guru sebagai penggerak literasi digital yang meneruskan materi kepada rekan-rekannya. Materi "
        "pelatihan dibagikan dalam bentuk modul singkat yang dapat diunduh dan dipakai ulang oleh komite sekolah.",
    "beasiswa-pelatihan-kerja-lulusan-sma-smk":
        "Pendaftar diseleksi melalui tes minat dan bakat serta wawancara singkat. Prioritas diberikan kepada "
        "pendaftar dari keluarga prasejahtera dan yang belum pernah mengikuti pelatihan serupa. Selama "
        "pelatihan, peserta mendapat perlengkapan kerja, makan siang dan uang transport harian. Jadwal tes dan "
        "daftar peserta yang lolos seleksi akan diumumkan melalui portal ini.",
    "bazar-umkm-akhir-pekan-di-puspem":
        "Pengunjung yang datang dengan kendaraan dapat parkir di halaman Puspem. Panitia menyediakan tempat "
        "sampah terpilah dan mengajak pengunjung membawa wadah belanja sendiri. Pelaku UMKM yang baru pertama "
        "kali ikut mendapat pendampingan singkat tentang penataan lapak, penetapan harga dan pembayaran digital.",
    "harga-cabai-rawit-mulai-turun-pasar-anyar":
        "Pemantauan harga dilakukan setiap pagi oleh petugas di enam pasar tradisional. Bila harga suatu "
        "komoditas naik tajam, pemerintah kota bersama distributor dapat menggelar operasi pasar atau gerakan "
        "pangan murah. Warga juga bisa melaporkan pedagang yang menjual di atas harga eceran tertinggi untuk "
        "beras, gula dan minyak goreng.",
    "pendampingan-nib-gratis-di-kecamatan":
        "Setelah NIB terbit, pelaku usaha dapat melanjutkan ke pendaftaran sertifikat halal gratis dan izin "
        "edar pangan olahan rumahan. Petugas juga menjelaskan kewajiban pelaporan kegiatan usaha secara "
        "berkala. Jadwal pendampingan di setiap kecamatan diumumkan melalui kelurahan dan kanal berita ini.",
    "job-fair-tawarkan-dua-ribu-lowongan":
        "Selain lowongan, bursa kerja menyediakan klinik konsultasi penulisan riwayat hidup dan simulasi "
        "wawancara. Pencari kerja penyandang disabilitas mendapat jalur antrean khusus, dan beberapa perusahaan "
        "membuka lowongan yang memang ditujukan bagi mereka. Lowongan yang belum terisi akan diumumkan ulang "
        "melalui Dinas Ketenagakerjaan.",
    "bank-sampah-cibodas-kumpulkan-tiga-ton":
        "Bank sampah di Cibodas Baru dikelola ibu-ibu PKK bersama karang taruna. Penimbangan dilakukan setiap "
        "Sabtu pagi, dan hasil penjualan ke pengepul dibagikan kepada nasabah setiap bulan. Sisa sampah organik "
        "diolah menjadi kompos untuk kebun warga, sehingga hampir tidak ada sampah dari kelompok ini yang "
        "berakhir di tempat pemrosesan akhir.",
    "tanam-pohon-bantaran-cisadane":
        "Penanaman ini merupakan bagian dari upaya menambah ruang terbuka hijau di sepanjang sungai. Dinas "
        "Lingkungan Hidup menyediakan bibit dan pupuk, sedangkan kelompok relawan memasang papan nama dan "
        "mencatat pertumbuhan pohon. Bibit yang mati akan diganti pada musim tanam berikutnya.",
    "jadwal-pengangkutan-sampah-libur-panjang":
        "Petugas kebersihan tetap bekerja bergiliran selama libur. Warga dapat melaporkan tumpukan sampah yang "
        "tidak terangkut lebih dari dua hari melalui kanal aspirasi. Setelah libur berakhir, pengangkutan di "
        "permukiman kembali dilakukan setiap hari sesuai jadwal semula. Sampah dari "
        "acara keluarga atau hajatan sebaiknya dikumpulkan dalam kantong tertutup dan dilaporkan ke pengurus RT.",
    "uji-emisi-kendaraan-gratis-puspem":
        "Uji emisi menjadi salah satu cara memantau kualitas udara kota, selain alat pemantau di beberapa titik. "
        "Hasil uji dicatat dan dapat dipakai pemilik kendaraan sebagai acuan saat servis. Kendaraan dinas "
        "pemerintah kota diwajibkan lulus uji emisi setiap tahun sebagai contoh bagi warga.",
    "evaluasi-program-kampung-iklim":
        "Kelurahan dengan nilai terbaik akan diusulkan ke tingkat nasional. Kelurahan lain yang ingin ikut "
        "dapat meminta pendampingan dari Dinas Lingkungan Hidup, mulai dari pemetaan risiko banjir hingga cara "
        "membuat lubang biopori dan kompos rumah tangga. Pendaftaran peserta baru dibuka setiap awal tahun, "
        "dan kelurahan yang sudah ikut dapat berbagi pengalaman dengan kelurahan lain.",
    "festival-cisadane-lomba-perahu-naga":
        "Festival Cisadane telah menjadi agenda tahunan yang menarik wisatawan dari berbagai daerah. Panitia "
        "menyiapkan kantong parkir di beberapa lokasi dan mengimbau pengunjung memakai angkutan umum. Selama "
        "festival, arus lalu lintas di jalan sepanjang sungai diatur ulang pada sore dan malam hari.",
    "pameran-batik-tangerang-pasar-lama":
        "Batik khas Tangerang mulai dikembangkan para perajin lokal lebih dari satu dekade terakhir. Kini "
        "puluhan perajin aktif memproduksi kain tulis dan cap, sebagian dengan pewarna alam dari daun dan kulit "
        "kayu. Pameran berlangsung selama sepekan dan terbuka untuk umum tanpa biaya masuk.",
    "bantuan-logistik-warga-terdampak-banjir-periuk":
        "BPBD bersama DPUPR mengoperasikan pompa untuk mempercepat surutnya air di permukiman. Setelah air "
        "surut, petugas membantu membersihkan lumpur di fasilitas umum, sementara puskesmas membagikan kaporit "
        "untuk sumur warga. Warga yang rumahnya rusak diminta melapor ke kelurahan untuk pendataan bantuan.",
    "gotong-royong-bersih-lingkungan-13-kecamatan":
        "Sampah yang terkumpul diangkut truk Dinas Lingkungan Hidup ke tempat pemrosesan akhir, sedangkan sampah "
        "yang masih bisa didaur ulang dipilah dan diserahkan ke bank sampah setempat. Kerja bakti serentak "
        "direncanakan menjadi kegiatan rutin setiap tiga bulan, dengan lokasi yang ditentukan bersama warga. "
        "Kelurahan yang ingin menjadi tuan rumah dapat mengajukan diri melalui kecamatan.",
    "car-free-day-sudirman-kembali-ramai":
        "Selain berolahraga, pengunjung dapat mengikuti senam bersama, kelas yoga, dan pemeriksaan kesehatan "
        "gratis dari puskesmas. Pedagang ditempatkan di kantong-kantong yang sudah ditentukan di luar jalur "
        "utama. Hari bebas kendaraan ditiadakan bila bertepatan dengan kegiatan kota, dan pembatalannya "
        "diumumkan di portal ini.",
    "turnamen-sepak-bola-antarkelurahan":
        "Panitia menyiapkan wasit bersertifikat dan tim medis di setiap pertandingan. Penonton dapat menyaksikan "
        "laga tanpa dipungut biaya. Pemain terbaik dari setiap kecamatan akan diundang mengikuti seleksi klub "
        "kota dan pelatihan pembinaan usia muda. Jadwal pertandingan dan hasil "
        "setiap laga diumumkan oleh panitia di kantor kecamatan masing-masing.",
    "lapangan-olahraga-publik-karang-tengah-dibuka":
        "Lapangan dibangun di atas lahan milik pemerintah kota yang sebelumnya tidak terpakai dan kerap "
        "dijadikan tempat pembuangan sampah. Pengelolaan harian diserahkan kepada kelurahan bersama karang "
        "taruna, termasuk mengatur jadwal pemakaian pada sore hari yang paling ramai. "
        "Lapangan serupa direncanakan dibangun di Kecamatan Larangan dan Benda.",
    "senam-sehat-lansia-setiap-jumat":
        "Peserta tidak perlu mendaftar; cukup datang dengan pakaian olahraga dan membawa air minum. Lansia dengan "
        "penyakit jantung atau tekanan darah tinggi yang belum terkontrol dianjurkan berkonsultasi dengan petugas "
        "puskesmas sebelum ikut senam. Kader posyandu lansia membantu mencatat kehadiran dan hasil pemeriksaan.",
    "cetak-ktp-elektronik-di-kantor-kecamatan":
        "Warga juga dapat mengurus akta kelahiran, kartu identitas anak, dan perubahan data kartu keluarga di "
        "kecamatan yang sama tanpa perlu membuat janji. Untuk warga lanjut usia, penyandang disabilitas dan "
        "warga yang sakit, petugas melayani perekaman di rumah atas permintaan keluarga melalui kelurahan.",
    "damkar-layanan-evakuasi-hewan-lepas-cincin":
        "Untuk kebakaran, petugas menargetkan tiba di lokasi dalam 15 menit sejak laporan diterima. Pos pemadam "
        "tersebar di beberapa kecamatan agar jarak tempuh tidak terlalu jauh. Warga juga dapat meminta "
        "penyuluhan pencegahan kebakaran untuk lingkungan, sekolah atau tempat usaha, termasuk cara memakai alat "
        "pemadam api ringan.",
    "rekayasa-lalu-lintas-simpang-cikokol":
        "Pekerjaan saluran ini diperlukan untuk mengatasi genangan yang kerap muncul di simpang saat hujan deras. "
        "Setelah pekerjaan selesai, pengaturan lalu lintas akan dikembalikan seperti semula dan marka jalan "
        "dicat ulang. Perubahan jadwal pekerjaan akan diumumkan melalui portal ini.",
    "layanan-darurat-112-aktif-24-jam":
        "Layanan 112 terhubung dengan pemadam kebakaran, ambulans gawat darurat, BPBD, Satpol PP dan kepolisian. "
        "Operator dilatih menenangkan penelepon dan memberi petunjuk pertolongan pertama sambil menunggu petugas "
        "tiba. Setiap panggilan dicatat sehingga penanganannya dapat dievaluasi.",
    "posko-siaga-banjir-tujuh-kecamatan":
        "BPBD juga memasang alat pemantau tinggi muka air di beberapa saluran utama. Bila air mencapai batas "
        "siaga, petugas kelurahan mengabarkan warga melalui pengeras suara masjid dan grup pesan warga. Peta "
        "jalur evakuasi dan lokasi tempat pengungsian sementara ditempel di setiap kantor kelurahan.",
    "pendaftaran-pelatihan-kerja-gelombang-berikutnya":
        "Pendaftaran dilakukan langsung di kantor Dinas Ketenagakerjaan dengan membawa KTP, kartu keluarga, "
        "ijazah terakhir dan pas foto. Calon peserta akan mengikuti tes minat dan wawancara sebelum diumumkan "
        "lolos. Pengumuman peserta yang diterima dimuat di portal ini dan di papan pengumuman kantor dinas. "
        "Lulusan gelombang sebelumnya sebagian besar sudah bekerja atau membuka usaha sendiri.",
}

# The few words drawn large on a story's cover illustration.
COVER_WORDS = {
    "musrenbang-karawaci-tetapkan-usulan-prioritas": "Musrenbang Karawaci",
    "satpol-pp-tertibkan-reklame-liar-daan-mogot": "Tertib Reklame",
    "kanal-aspirasi-digital-diluncurkan": "Kanal Aspirasi Digital",
    "rencana-penataan-pkl-pasar-lama": "Penataan PKL",
    "perbaikan-jalan-hasyim-ashari-cipondoh": "Perbaikan Jalan Cipondoh",
    "normalisasi-saluran-periuk-kurangi-genangan": "Normalisasi Saluran",
    "jembatan-penghubung-neglasari-tahap-akhir": "Jembatan Neglasari",
    "dishub-pasang-lampu-penerangan-jalan-benda": "Lampu Jalan Baru",
    "imunisasi-campak-rubela-gratis-balita": "Imunisasi Gratis",
    "waspada-dbd-gerakan-3m-plus": "Gerakan 3M Plus",
    "posyandu-remaja-hadir-di-larangan": "Posyandu Remaja",
    "cek-kesehatan-gratis-lansia-pinang": "Cek Kesehatan Lansia",
    "jadwal-pendaftaran-sekolah-tahun-ajaran-baru": "Pendaftaran Sekolah",
    "perpustakaan-keliling-sambangi-sd-batuceper": "Perpustakaan Keliling",
    "pelatihan-literasi-digital-guru-orang-tua": "Literasi Digital",
    "beasiswa-pelatihan-kerja-lulusan-sma-smk": "Pelatihan Kerja Gratis",
    "bazar-umkm-akhir-pekan-di-puspem": "Bazar UMKM",
    "harga-cabai-rawit-mulai-turun-pasar-anyar": "Harga Cabai Turun",
    "pendampingan-nib-gratis-di-kecamatan": "NIB Gratis",
    "job-fair-tawarkan-dua-ribu-lowongan": "Bursa Kerja",
    "bank-sampah-cibodas-kumpulkan-tiga-ton": "Bank Sampah",
    "tanam-pohon-bantaran-cisadane": "Tanam Pohon",
    "jadwal-pengangkutan-sampah-libur-panjang": "Jadwal Sampah",
    "uji-emisi-kendaraan-gratis-puspem": "Uji Emisi Gratis",
    "evaluasi-program-kampung-iklim": "Kampung Iklim",
    "festival-cisadane-lomba-perahu-naga": "Festival Cisadane",
    "pameran-batik-tangerang-pasar-lama": "Pameran Batik",
    "bantuan-logistik-warga-terdampak-banjir-periuk": "Bantuan Banjir",
    "gotong-royong-bersih-lingkungan-13-kecamatan": "Gotong Royong",
    "car-free-day-sudirman-kembali-ramai": "Car Free Day",
    "turnamen-sepak-bola-antarkelurahan": "Turnamen Sepak Bola",
    "lapangan-olahraga-publik-karang-tengah-dibuka": "Lapangan Publik",
    "senam-sehat-lansia-setiap-jumat": "Senam Lansia",
    "cetak-ktp-elektronik-di-kantor-kecamatan": "Cetak KTP di Kecamatan",
    "damkar-layanan-evakuasi-hewan-lepas-cincin": "Damkar Siaga",
    "rekayasa-lalu-lintas-simpang-cikokol": "Rekayasa Lalu Lintas",
    "layanan-darurat-112-aktif-24-jam": "Darurat 112",
    "posko-siaga-banjir-tujuh-kecamatan": "Siaga Banjir",
    "pendaftaran-pelatihan-kerja-gelombang-berikutnya": "Pelatihan Kerja",
}
