def test_blog_home_answers(client, db):
    assert client.get("/").status_code == 200
