"""Writes ``ai_jobs.jsonl``, the hand-labelled gold set that ``ai-job-share evaluate`` reads.

Every role family below was written by hand and judged by hand; the labels come from that judgement, never from
a taxonomy:

- ``ai_job``: the role builds, trains, deploys or researches AI/ML models or AI features (an LLM application, a
  recommender, a vision model, a data scientist's predictive models). Judged once per role family (``JOB``), with
  the reason recorded beside each posting.
- ``ai_mention``: the text mentions AI at all (AI, ML, LLM, ChatGPT, 인공지능, 딥러닝 ...). Every phrase below sits
  in a list that says whether it mentions AI (``*_ai`` lists do, the others do not); a posting mentions AI when any
  of its phrases does.

Postings vary by drawing titles and bullets from each family's phrases, and by the company intro, perks and
nice-to-haves (with or without AI), with a fixed seed: run ``python data/gold/build.py`` to rewrite the file
identically. Edit phrases here, not the JSONL.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).with_name("ai_jobs.jsonl")
SEED = 2023

COMPANIES_KO = [
    "블루랩스",
    "한빛소프트",
    "누리테크",
    "모아페이",
    "새봄헬스케어",
    "이음모빌리티",
    "마루커머스",
    "온결게임즈",
]
COMPANIES_EN = ["Northwind", "Brightpath", "Kestrel Labs", "Tidewater", "Larkspur", "Orbitly", "Quillmark", "Fernhill"]

# -- company intros -------------------------------------------------------------------------------------------
INTRO_KO = [
    "{c}는 중소상공인을 위한 정산 서비스를 만드는 핀테크 기업입니다. 누적 가맹점 12만 곳이 함께하고 있습니다.",
    "{c}는 병원 예약과 비대면 진료를 연결하는 헬스케어 플랫폼입니다.",
    "{c}는 2018년 설립된 물류 스타트업으로, 당일 배송 네트워크를 운영합니다.",
    "{c}는 월간 활성 사용자 300만 명의 중고거래 서비스를 운영하고 있습니다.",
    "{c}는 수평적인 문화와 빠른 실험을 중시하는 커머스 팀입니다.",
    "{c}는 국내 주요 게임사에 백엔드 인프라를 제공하는 B2B 기업입니다.",
]
INTRO_KO_AI = [
    "{c}는 AI 기반 핀테크 기업입니다. 인공지능으로 금융의 문턱을 낮춥니다.",
    "{c}는 생성형 AI로 쇼핑 경험을 새로 정의하는 커머스 기업입니다.",
    "{c}는 딥러닝 기반 의료영상 분석 솔루션으로 시리즈 B 투자를 유치했습니다.",
    "{c}는 'AI 퍼스트'를 전사 목표로 삼고 있는 에듀테크 기업입니다.",
    "{c}는 머신러닝으로 물류 경로를 최적화하는 회사입니다.",
    "{c} AI Lab은 자체 언어모델을 연구하는 조직을 함께 운영합니다.",
]
INTRO_EN = [
    "{c} builds payroll software for small businesses in 14 countries.",
    "{c} is a logistics company running same-day delivery in three cities.",
    "{c} makes the scheduling app used by 20,000 clinics.",
    "{c} is a remote-first team building developer tooling for game studios.",
    "{c} runs a marketplace for second-hand furniture with 2M monthly users.",
    "{c} provides billing and invoicing APIs to SaaS companies.",
]
INTRO_EN_AI = [
    "{c} is an AI-first company using machine learning to fight payment fraud.",
    "{c} builds generative AI tools for marketing teams.",
    "At {c}, artificial intelligence powers every part of our underwriting.",
    "{c} is backed by leading A.I. investors and was named an AI startup to watch.",
    "{c} uses deep learning to read medical scans faster.",
    "{c} is building the AI copilot for accountants.",
]

# -- benefits ---------------------------------------------------------------------------------------------------
BENEFITS_KO = [
    "주 4.5일 근무",
    "유연 출퇴근제",
    "재택근무 주 2회",
    "점심 식대 지원",
    "최신 맥북 프로 지급",
    "연 100만 원 자기계발비",
    "도서 구입비 무제한",
    "건강검진 지원",
    "리프레시 휴가",
    "스톡옵션 부여",
    "컨퍼런스 참가비 지원",
    "사내 EMAIL 알림 최소화 정책",
]
BENEFITS_KO_AI = [
    "ChatGPT Plus 구독료 지원",
    "Claude, ChatGPT 등 AI 도구 구독 지원",
    "GitHub Copilot 등 AI 코딩 도구 제공",
    "사내 AI 스터디 운영 지원",
    "생성형 AI 활용 교육 제공",
]
BENEFITS_EN = [
    "Four-day work week in summer",
    "Flexible hours",
    "Remote work stipend",
    "Health, dental and vision insurance",
    "Equity for every employee",
    "Annual learning budget of $1,500",
    "25 days of paid vacation",
    "Parental leave",
    "Home office setup allowance",
    "Team offsites twice a year",
    "Email-free Fridays",
]
BENEFITS_EN_AI = [
    "ChatGPT Plus and GitHub Copilot subscriptions",
    "Budget for AI tools of your choice",
    "Monthly AI lunch-and-learn sessions",
    "Access to Claude and other LLM assistants at work",
]

# -- nice-to-haves that mention AI, for roles that are not AI jobs ------------------------------------------------
PREFERRED_KO_AI = [
    "AI 서비스 개발 경험이 있으신 분 우대",
    "머신러닝 모델 서빙 환경을 경험해 보신 분",
    "LLM API 연동 경험 우대",
    "인공지능 관련 사이드 프로젝트 경험",
]
PREFERRED_EN_AI = [
    "Exposure to machine learning systems is a plus",
    "Curiosity about LLMs and AI products",
    "Bonus: you have shipped a feature that calls an AI API",
]
# -- tool use in the requirements: mentions AI, does not make the role an AI job -----------------------------------
REQUIREMENT_KO_AI_TOOL = [
    "ChatGPT, Copilot 등 AI 코딩 도구를 적극적으로 활용하시는 분",
    "AI 도구를 활용해 생산성을 높여 본 경험",
]
REQUIREMENT_EN_AI_TOOL = [
    "Comfortable pairing with AI coding tools such as Copilot",
    "You use AI assistants in your daily workflow",
]

# -- role families ---------------------------------------------------------------------------------------------
# lang, ai_job, the judgement (why), and phrases: titles / tasks / reqs / prefs, each split into phrases that do not
# mention AI and phrases that do (``*_ai``). The number of postings of the family is ``n``.
FAMILIES = [
    dict(
        case="backend",
        lang="ko",
        n=26,
        ai_job=False,
        why="백엔드 API와 DB를 만드는 역할: 모델이나 AI 기능을 만들지 않는다",
        titles=[
            "백엔드 개발자 (Java/Spring)",
            "서버 개발자",
            "Backend Engineer (Kotlin)",
            "결제 시스템 백엔드 개발자",
            "백엔드 엔지니어 (Node.js)",
            "플랫폼 서버 개발자",
        ],
        tasks=[
            "주문/결제 API 설계 및 개발",
            "데이터베이스 스키마 설계와 쿼리 튜닝",
            "대용량 트래픽 처리를 위한 캐시 구조 개선",
            "EMAIL/SMS 알림 발송 시스템 운영",
            "MSA 전환 및 레거시 리팩토링",
            "정산 배치 개발 및 운영",
            "XML 기반 외부 연동 규격을 REST API로 전환",
        ],
        reqs=[
            "Java 또는 Kotlin 기반 Spring 개발 경험 3년 이상",
            "MySQL, PostgreSQL 등 관계형 데이터베이스 이해",
            "RESTful API 설계 경험",
            "Git 기반 협업 경험",
            "Redis, Kafka 사용 경험",
        ],
        prefs=["AWS 운영 경험", "대규모 트래픽 서비스 경험", "테스트 코드 작성 습관", "오픈소스 기여 경험"],
    ),
    dict(
        case="backend",
        lang="en",
        n=22,
        ai_job=False,
        why="backend services and APIs: builds no models or AI features",
        titles=[
            "Backend Engineer (Go)",
            "Senior Software Engineer, Payments",
            "Platform Engineer",
            "Backend Developer (Python/Django)",
            "Software Engineer, Billing",
        ],
        tasks=[
            "Design and build REST and gRPC services for our billing platform",
            "Own the email delivery pipeline (EMAIL, SMS, push)",
            "Migrate XML partner feeds to JSON APIs",
            "Tune PostgreSQL queries and database schemas",
            "Improve reliability of the checkout service",
            "Write services in OCaml for our pricing engine",
        ],
        reqs=[
            "4+ years building backend services in Go, Python or Java",
            "Solid SQL and database design skills",
            "Experience with Kubernetes and cloud infrastructure",
            "Clear written communication",
            "Experience with functional languages (OCaml, Haskell or F#) is welcome",
        ],
        prefs=["Payments or fintech background", "Experience with event-driven systems", "Open-source contributions"],
    ),
    dict(
        case="frontend",
        lang="ko",
        n=18,
        ai_job=False,
        why="웹 화면을 만드는 역할: AI를 만들지 않는다",
        titles=[
            "프론트엔드 개발자 (React)",
            "웹 프론트엔드 엔지니어",
            "Frontend Developer",
            "프론트엔드 개발자 (Vue.js)",
        ],
        tasks=[
            "React 기반 웹 서비스 개발",
            "디자인 시스템 컴포넌트 개발 및 운영",
            "웹 성능 최적화 (Core Web Vitals)",
            "HTML 이메일 템플릿 및 랜딩 페이지 제작",
            "백오피스 어드민 개발",
        ],
        reqs=[
            "HTML, CSS, JavaScript에 대한 깊은 이해",
            "TypeScript 사용 경험",
            "React 또는 Vue 실무 경험 2년 이상",
            "REST API 연동 경험",
        ],
        prefs=["Next.js SSR 경험", "웹 접근성에 대한 이해", "ReasonML 등 함수형 언어 경험"],
    ),
    dict(
        case="frontend",
        lang="en",
        n=18,
        ai_job=False,
        why="builds web UI: no models or AI features",
        titles=[
            "Frontend Engineer (React)",
            "Senior Frontend Developer",
            "UI Engineer",
            "Frontend Engineer (ReasonML)",
        ],
        tasks=[
            "Build accessible UI components in React and TypeScript",
            "Own our ReasonML codebase for the editor",
            "Improve page load performance",
            "Write semantic HTML and maintainable CSS",
            "Render XML and SVG reports in the browser",
        ],
        reqs=[
            "3+ years of professional frontend experience",
            "Strong HTML, CSS and TypeScript",
            "Experience with ReasonML, OCaml or Elm",
            "Care for accessibility and design detail",
        ],
        prefs=["Experience with design systems", "Familiarity with GraphQL", "Experience with WebGL"],
    ),
    dict(
        case="data_engineering",
        lang="ko",
        n=22,
        ai_job=False,
        why="데이터 파이프라인과 웨어하우스를 만드는 역할: 모델을 만들거나 배포하지 않는다",
        titles=[
            "데이터 엔지니어",
            "Data Engineer (Spark/Airflow)",
            "데이터 플랫폼 엔지니어",
            "데이터 파이프라인 개발자",
        ],
        tasks=[
            "Airflow 기반 데이터 파이프라인 설계 및 운영",
            "데이터 웨어하우스(BigQuery) 모델링",
            "Kafka 스트리밍 적재 파이프라인 구축",
            "데이터 품질 모니터링 체계 구축",
            "운영 데이터베이스에서 분석용 마트로의 CDC 구성",
            "BI 대시보드용 집계 테이블 관리",
        ],
        reqs=[
            "Python, SQL 능숙자",
            "Spark 또는 Flink 사용 경험",
            "데이터베이스 설계 경험",
            "클라우드 환경 데이터 인프라 운영 경험",
        ],
        prefs=["dbt 사용 경험", "데이터 거버넌스 경험", "대용량 로그 처리 경험"],
    ),
    dict(
        case="data_engineering",
        lang="en",
        n=18,
        ai_job=False,
        why="builds data pipelines and warehouse tables: trains and deploys no models",
        titles=["Data Engineer", "Analytics Engineer", "Senior Data Platform Engineer", "Data Engineer, Streaming"],
        tasks=[
            "Build batch and streaming pipelines with Airflow and Kafka",
            "Model the warehouse in dbt",
            "Keep data quality checks and lineage up to date",
            "Operate our Snowflake and Postgres databases",
            "Deliver clean datasets to analysts",
        ],
        reqs=[
            "Strong SQL and Python",
            "Experience with Spark or Beam",
            "Experience operating cloud data warehouses",
            "Understanding of data modeling",
        ],
        prefs=["dbt experience", "Terraform", "Experience with CDC tools such as Debezium"],
    ),
    dict(
        case="data_analyst",
        lang="ko",
        n=10,
        ai_job=False,
        why="지표와 대시보드를 만드는 분석가: 모델을 만들지 않는다",
        titles=["데이터 분석가", "프로덕트 데이터 분석가", "BI 분석가"],
        tasks=[
            "서비스 핵심 지표 정의 및 대시보드 구축",
            "SQL로 사용자 행동 데이터 분석",
            "A/B 테스트 결과 리포팅",
            "경영진 보고용 주간 리포트 작성",
        ],
        reqs=["SQL 능숙자", "Tableau, Looker 등 BI 도구 경험", "통계 기초 지식"],
        prefs=["Python 분석 경험", "커머스 도메인 경험"],
    ),
    dict(
        case="ml_engineer",
        lang="ko",
        n=18,
        ai_job=True,
        why="머신러닝 모델을 학습하고 서빙하는 역할",
        titles_ai=[
            "머신러닝 엔지니어",
            "ML 엔지니어 (추천)",
            "AI 엔지니어",
            "딥러닝 엔지니어",
            "머신 러닝 엔지니어 (검색 랭킹)",
        ],
        tasks_ai=[
            "추천 모델 학습 파이프라인 구축 및 운영",
            "딥러닝 모델 서빙 및 추론 최적화",
            "검색 랭킹 모델 개발과 온라인 실험",
            "ML 모델 모니터링 및 재학습 자동화",
            "피처 스토어 설계 및 운영",
        ],
        reqs_ai=["PyTorch 또는 TensorFlow 실무 경험", "머신러닝 모델을 프로덕션에 배포한 경험", "Python 능숙자"],
        reqs=["Docker, Kubernetes 사용 경험", "대용량 데이터 처리 경험"],
        prefs=["Kubeflow, MLflow 사용 경험", "논문 구현 경험", "GPU 최적화 경험"],
    ),
    dict(
        case="ml_engineer",
        lang="en",
        n=18,
        ai_job=True,
        why="trains and serves machine-learning models",
        titles_ai=[
            "Machine Learning Engineer",
            "ML Engineer, Ranking",
            "Senior Machine-Learning Engineer",
            "Applied ML Engineer",
            "Deep Learning Engineer",
        ],
        tasks_ai=[
            "Train and ship ranking models for search",
            "Own model serving and latency budgets",
            "Build our AutoML experimentation platform",
            "Design features and offline evaluation for fraud models",
            "Retrain and monitor models in production",
        ],
        reqs_ai=[
            "Experience training deep-learning models with PyTorch",
            "Shipped ML models to production",
            "Strong grasp of machine learning fundamentals",
        ],
        reqs=["Solid Python and software engineering practices", "Experience with distributed systems"],
        prefs=["Experience with Ray or Spark", "Publications at ML venues", "Kubernetes"],
    ),
    dict(
        case="mlops",
        lang="en",
        n=8,
        ai_job=True,
        why="deploys and operates ML models (MLOps)",
        titles_ai=["MLOps Engineer", "ML Platform Engineer", "Machine Learning Infrastructure Engineer"],
        tasks_ai=[
            "Build the platform our data scientists use to deploy models",
            "Operate GPU clusters for model training",
            "Own CI/CD for machine learning models",
            "Run model monitoring and drift detection",
        ],
        reqs_ai=["Experience with MLflow, Kubeflow or SageMaker", "Experience deploying ML models"],
        reqs=["Strong Kubernetes and Terraform", "Python and Go"],
        prefs=["Experience with Triton Inference Server", "On-call experience"],
    ),
    dict(
        case="llm_app",
        lang="ko",
        n=20,
        ai_job=True,
        why="LLM으로 제품 기능(챗봇, RAG 검색)을 만드는 역할: AI 기능을 만든다",
        titles_ai=[
            "LLM 애플리케이션 엔지니어",
            "생성형 AI 서비스 개발자",
            "AI 챗봇 백엔드 개발자",
            "LLM 엔지니어 (RAG)",
            "AI 에이전트 개발자",
        ],
        tasks_ai=[
            "LLM 기반 상담 챗봇 개발",
            "RAG 파이프라인 설계 및 검색 품질 개선",
            "프롬프트 설계와 평가 체계 구축",
            "OpenAI, Claude API를 활용한 문서 요약 기능 개발",
            "사내 문서 기반 질의응답 서비스 구축",
            "생성형 AI 기능의 응답 품질 모니터링",
        ],
        reqs_ai=["LLM API를 활용한 서비스 개발 경험", "벡터 데이터베이스와 임베딩 검색에 대한 이해"],
        reqs=["Python 또는 TypeScript 백엔드 개발 경험 3년 이상", "API 설계 경험"],
        prefs=["LangChain, LlamaIndex 사용 경험", "파인튜닝 경험", "검색 시스템 개발 경험"],
    ),
    dict(
        case="llm_app",
        lang="en",
        n=20,
        ai_job=True,
        why="builds product features on LLMs (RAG, agents): builds AI features",
        titles_ai=[
            "LLM Application Engineer",
            "Software Engineer, Generative AI",
            "AI Engineer",
            "Full-Stack Engineer, AI Assistant",
            "Applied AI Engineer",
        ],
        tasks_ai=[
            "Build retrieval-augmented generation over customer documents",
            "Design prompts, evals and guardrails for our assistant",
            "Ship agent features that call internal tools",
            "Integrate OpenAI and Anthropic models into the product",
            "Measure and improve answer quality of our LLM features",
        ],
        reqs_ai=[
            "Shipped a product feature built on large language models",
            "Experience with embeddings and vector search",
        ],
        reqs=["Strong Python or TypeScript", "Experience building web APIs"],
        prefs=["Experience fine-tuning open models", "Search or recommender background", "Frontend experience"],
    ),
    dict(
        case="data_scientist",
        lang="ko",
        n=16,
        ai_job=True,
        why="예측 모델을 만들고 검증하는 데이터 사이언티스트: 모델을 만든다 (AI라는 말이 없어도)",
        titles=[
            "데이터 사이언티스트",
            "데이터 사이언티스트 (수요 예측)",
            "시니어 데이터 사이언티스트",
            "데이터 과학자",
        ],
        tasks=[
            "수요 예측 모델 개발 및 고도화",
            "이탈 예측 모델을 만들고 마케팅 팀과 실험",
            "가격 최적화를 위한 통계 모델링",
            "인과 추론 기반 정책 효과 분석",
            "사기 거래 탐지 모델 개발",
        ],
        reqs=[
            "통계학, 산업공학 등 정량 분야 석사 이상 또는 그에 준하는 경험",
            "Python, SQL 능숙자",
            "회귀, 분류 모델링 경험",
        ],
        reqs_ai=["머신러닝 기법에 대한 이해"],
        reqs_ai_rate=0.4,
        prefs=["베이지안 모델링 경험", "Kaggle 등 대회 수상 경험", "커머스 도메인 경험"],
    ),
    dict(
        case="data_scientist",
        lang="en",
        n=14,
        ai_job=True,
        why="builds and validates predictive models as a data scientist, AI words or not",
        titles=[
            "Data Scientist",
            "Senior Data Scientist, Pricing",
            "Data Scientist (Forecasting)",
            "Applied Scientist",
        ],
        tasks=[
            "Build demand forecasting models",
            "Develop churn and lifetime-value models",
            "Design experiments and causal analyses",
            "Build fraud scoring models with the risk team",
        ],
        reqs=[
            "MS or PhD in a quantitative field, or equivalent experience",
            "Strong Python and SQL",
            "Experience with regression and classification models",
        ],
        reqs_ai=["Practical machine learning experience"],
        reqs_ai_rate=0.4,
        prefs=["Bayesian methods", "Experience in marketplaces"],
    ),
    dict(
        case="research",
        lang="ko",
        n=16,
        ai_job=True,
        why="인공지능/기계학습 모델을 연구하는 역할",
        titles_ai=[
            "인공지능 연구원",
            "AI 연구원 (자연어처리)",
            "기계학습 연구원",
            "인공지능 모델 개발자",
            "컴퓨터 비전 연구원",
        ],
        tasks_ai=[
            "인공지능 모델 연구 및 개발",
            "기계학습 기반 이상 탐지 알고리즘 연구",
            "자연어처리 모델 경량화 연구",
            "컴퓨터 비전 기반 불량 검출 모델 개발",
            "최신 논문 리뷰 및 재현",
        ],
        reqs_ai=["인공지능, 기계학습 관련 전공 석사 이상", "딥러닝 프레임워크 사용 경험"],
        reqs=["Python 능숙자", "연구 결과를 문서로 정리하는 능력"],
        prefs=["주요 학회 논문 게재 경험", "오픈소스 기여 경험"],
    ),
    dict(
        case="research",
        lang="en",
        n=10,
        ai_job=True,
        why="researches AI models (vision, NLP)",
        titles_ai=[
            "Research Scientist, NLP",
            "Computer Vision Engineer",
            "AI Research Engineer",
            "Research Engineer, Speech",
        ],
        tasks_ai=[
            "Research and train computer vision models for defect detection",
            "Develop NLP models for document understanding",
            "Reproduce and extend recent papers",
            "Train speech recognition models",
        ],
        reqs_ai=[
            "PhD or equivalent research experience in artificial intelligence",
            "Deep learning frameworks (PyTorch, JAX)",
        ],
        reqs=["Strong math background", "Clear scientific writing"],
        prefs=["Publications at top venues", "Large-scale training experience"],
    ),
    dict(
        case="ai_sales",
        lang="ko",
        n=12,
        ai_job=False,
        why="AI 제품을 파는 영업 역할: AI를 만들지 않는다",
        titles_ai=["AI 솔루션 기술영업", "AI 솔루션 B2B 영업 매니저", "인공지능 플랫폼 세일즈 매니저"],
        tasks_ai=["AI 솔루션 신규 고객 발굴 및 제안", "고객사 대상 AI 제품 데모 진행", "AI 도입 컨설팅 및 계약 협상"],
        tasks=["파트너사 관리 및 매출 목표 관리", "영업 파이프라인 관리 (CRM)"],
        reqs=["B2B 영업 경력 3년 이상", "원활한 커뮤니케이션 능력", "IT 솔루션 영업 경험"],
        prefs=["SaaS 영업 경험", "영어 가능자"],
    ),
    dict(
        case="ai_sales",
        lang="en",
        n=10,
        ai_job=False,
        why="sells an AI product: builds no models or AI features",
        titles_ai=["Account Executive, AI Platform", "Solutions Consultant (AI)", "Sales Engineer, Generative AI"],
        tasks_ai=[
            "Run demos of our AI assistant for enterprise prospects",
            "Own the full sales cycle for our machine learning platform",
        ],
        tasks=["Build pipeline with marketing", "Negotiate contracts and close deals"],
        reqs=["3+ years of B2B SaaS sales", "Excellent presentation skills"],
        prefs=["Technical background", "Experience selling to banks"],
    ),
    dict(
        case="ai_teaching",
        lang="ko",
        n=10,
        ai_job=False,
        why="AI를 가르치는 강사/교육 운영 역할: AI를 만들지 않는다",
        titles_ai=["AI 교육 강사", "인공지능 코딩 교육 강사", "AI 부트캠프 교육 매니저"],
        tasks_ai=["초중고 대상 AI 교육 커리큘럼 운영", "머신러닝 입문 강의 진행", "AI 부트캠프 수강생 학습 관리"],
        tasks=["교재 및 실습 자료 제작", "수강생 질의응답 및 과제 피드백"],
        reqs=["강의 경험 1년 이상", "Python 기초 지식"],
        prefs=["교육학 전공자", "온라인 강의 제작 경험"],
    ),
    dict(
        case="ai_teaching",
        lang="en",
        n=6,
        ai_job=False,
        why="teaches AI courses: builds no models",
        titles_ai=["Instructor, AI Bootcamp", "Machine Learning Course Instructor"],
        tasks_ai=["Teach our 12-week machine learning course", "Mentor students through AI capstone projects"],
        tasks=["Grade assignments and hold office hours", "Update course material every cohort"],
        reqs=["Teaching experience", "Solid Python"],
        prefs=["Industry experience", "Curriculum design"],
    ),
    dict(
        case="devops",
        lang="ko",
        n=12,
        ai_job=False,
        why="인프라와 배포를 운영하는 역할: 모델을 만들거나 배포하지 않는다",
        titles=["DevOps 엔지니어", "SRE", "클라우드 인프라 엔지니어"],
        tasks=[
            "Kubernetes 클러스터 운영",
            "CI/CD 파이프라인 구축",
            "모니터링 및 장애 대응 체계 구축",
            "Terraform 기반 인프라 코드 관리",
        ],
        reqs=["AWS 또는 GCP 운영 경험", "Linux 시스템 이해", "스크립트 언어 사용 경험"],
        prefs=["보안 인증 대응 경험", "대규모 서비스 운영 경험"],
    ),
    dict(
        case="mobile",
        lang="en",
        n=12,
        ai_job=False,
        why="builds mobile apps: no models or AI features",
        titles=["iOS Engineer", "Android Engineer (Kotlin)", "Senior Mobile Developer"],
        tasks=[
            "Build features in Swift and SwiftUI",
            "Improve app start-up time",
            "Own our release process",
            "Parse XML and JSON feeds on device",
        ],
        reqs=["3+ years of native mobile development", "Experience with offline-first apps"],
        prefs=["Kotlin Multiplatform", "Accessibility experience"],
    ),
    dict(
        case="mobile",
        lang="ko",
        n=10,
        ai_job=False,
        why="모바일 앱을 만드는 역할: AI를 만들지 않는다",
        titles=["안드로이드 개발자", "iOS 개발자", "Flutter 앱 개발자"],
        tasks=["신규 앱 기능 개발", "앱 성능 개선 및 크래시 대응", "결제 모듈 연동", "로컬 데이터베이스(SQLite) 설계"],
        reqs=["Kotlin 또는 Swift 실무 경험 2년 이상", "MVVM 아키텍처 이해"],
        prefs=["Jetpack Compose 경험", "앱스토어 배포 경험"],
    ),
    dict(
        case="qa",
        lang="ko",
        n=8,
        ai_job=False,
        why="품질 테스트를 하는 역할: AI를 만들지 않는다",
        titles=["QA 엔지니어", "테스트 자동화 엔지니어"],
        tasks=["테스트 계획 수립 및 수행", "E2E 테스트 자동화", "결함 관리 및 릴리스 품질 관리"],
        reqs=["QA 경력 2년 이상", "Selenium, Playwright 사용 경험"],
        prefs=["성능 테스트 경험", "ISTQB 자격"],
    ),
    dict(
        case="ai_feature_fullstack",
        lang="ko",
        n=10,
        ai_job=True,
        why="서비스에 AI 기능(추천, 생성형 AI 요약)을 직접 만들어 붙이는 개발자: AI 기능을 만든다",
        titles=["백엔드 개발자 (추천 시스템)", "풀스택 개발자 (개인화)"],
        titles_ai=["풀스택 개발자 (AI 기능)", "서버 개발자 (AI 서비스)"],
        tasks_ai=[
            "GPT 기반 리뷰 요약 기능 개발",
            "개인화 추천 모델 학습 및 API 서빙",
            "AI 상품 태깅 모델 개발 및 운영",
        ],
        tasks=["백엔드 API 개발", "관리자 도구 개발"],
        reqs=["Python 또는 Node.js 서버 개발 경험"],
        reqs_ai=["머신러닝 모델을 서비스에 적용해 본 경험"],
        prefs=["데이터 파이프라인 경험", "프론트엔드 경험"],
    ),
    dict(
        case="ai_adjacent",
        lang="en",
        n=10,
        ai_job=False,
        why="works next to an AI team (product backend, data plumbing) but builds no model or AI feature itself",
        titles=["Backend Engineer, Platform", "Software Engineer, Internal Tools"],
        titles_ai=["Data Engineer, ML Platform Team"],
        tasks=["Build internal admin tools", "Maintain the job scheduler"],
        tasks_ai=["Work alongside our AI team to provide clean APIs", "Deliver raw event data the ML team consumes"],
        reqs=["Strong Go or Python", "SQL"],
        prefs=["Experience at a startup"],
    ),
]


def _pick(
    rng: random.Random, plain: list[str], ai: list[str], low: int, high: int, *, force: bool
) -> tuple[list[str], bool]:
    """Some phrases of a family, and whether one of them mentions AI (``force``: at least one does)."""
    pool = [(phrase, False) for phrase in plain] + [(phrase, True) for phrase in ai]
    count = min(len(pool), rng.randint(low, high))
    chosen = rng.sample(pool, count)
    if force and ai and not any(flag for _, flag in chosen):
        chosen[0] = (rng.choice(ai), True)
    return [phrase for phrase, _ in chosen], any(flag for _, flag in chosen)


def build() -> list[dict]:
    rng = random.Random(SEED)
    postings = []
    for family in FAMILIES:
        ko = family["lang"] == "ko"
        for _ in range(family["n"]):
            mentions = []
            titles = [(t, False) for t in family.get("titles", [])] + [(t, True) for t in family.get("titles_ai", [])]
            title, title_ai = rng.choice(titles)
            if title_ai:
                mentions.append("title")
            company = rng.choice(COMPANIES_KO if ko else COMPANIES_EN)
            ai_intro = rng.random() < 0.25
            intro = rng.choice(
                (INTRO_KO_AI if ai_intro else INTRO_KO) if ko else (INTRO_EN_AI if ai_intro else INTRO_EN)
            )
            if ai_intro:
                mentions.append("intro")
            tasks, tasks_ai = _pick(rng, family.get("tasks", []), family.get("tasks_ai", []), 3, 5, force=True)
            if "reqs_ai_rate" in family:  # the AI requirement appears in this share of the family's postings
                reqs, _ = _pick(rng, family["reqs"], [], 2, 3, force=False)
                reqs_ai = rng.random() < family["reqs_ai_rate"]
                if reqs_ai:
                    reqs.append(rng.choice(family["reqs_ai"]))
            else:
                reqs, reqs_ai = _pick(rng, family.get("reqs", []), family.get("reqs_ai", []), 2, 4, force=False)
            if not family["ai_job"] and rng.random() < 0.1:
                reqs.append(rng.choice(REQUIREMENT_KO_AI_TOOL if ko else REQUIREMENT_EN_AI_TOOL))
                reqs_ai = True
            prefs = rng.sample(family["prefs"], min(len(family["prefs"]), rng.randint(1, 3)))
            prefs_ai = not family["ai_job"] and rng.random() < 0.2
            if prefs_ai:
                prefs.append(rng.choice(PREFERRED_KO_AI if ko else PREFERRED_EN_AI))
            benefits = rng.sample(BENEFITS_KO if ko else BENEFITS_EN, rng.randint(3, 5))
            perk_ai = rng.random() < 0.2
            if perk_ai:
                benefits.insert(rng.randint(0, len(benefits)), rng.choice(BENEFITS_KO_AI if ko else BENEFITS_EN_AI))
            for section, flag in (
                ("main_tasks", tasks_ai),
                ("requirements", reqs_ai),
                ("preferred", prefs_ai),
                ("benefits", perk_ai),
            ):
                if flag:
                    mentions.append(section)
            bullet = "• " if ko else "- "
            postings.append(
                {
                    "id": f"g{len(postings) + 1:03d}",
                    "lang": family["lang"],
                    "case": family["case"],
                    "title": title,
                    "intro": intro.format(c=company),
                    "main_tasks": "\n".join(bullet + line for line in tasks),
                    "requirements": "\n".join(bullet + line for line in reqs),
                    "preferred": "\n".join(bullet + line for line in prefs),
                    "benefits": "\n".join(bullet + line for line in benefits),
                    "ai_job": family["ai_job"],
                    "ai_mention": bool(mentions),
                    "why": family["why"]
                    + ("; AI mentioned in: " + ", ".join(mentions) if mentions else "; AI not mentioned"),
                }
            )
    return postings


if __name__ == "__main__":
    rows = build()
    OUT.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    jobs, mentions = sum(r["ai_job"] for r in rows), sum(r["ai_mention"] for r in rows)
    print(f"{OUT}: {len(rows)} postings, {jobs} AI jobs, {mentions} mention AI")
